# Signatures from github.com/CBIIT/ChildhoodCancerDataInitiative-Prefect_Pipeline (workflows/mci_gdc_transform.py at fe08600b7008): bodies dropped.
import json
import shutil
import os, sys
try:
    import pandas as pd
except ImportError:
    pass
import argparse
from src.ccdi_gdc_mapping_functions import *
import logging
import requests
from datetime import datetime
from src.utils import get_time, folder_ul, file_dl, file_ul
from prefect import flow, task, get_run_logger
from src.cog_igm_utils import json_downloader
try:
    from prefect_shell import ShellOperation
except ImportError:
    pass
from typing import Literal
PARENT_SUB_IDS = {'submitted_unaligned_reads': 'read_groups.submitter_id', 'raw_methylation_array': 'aliquots.submitter_id', 'read_group': 'aliquots.submitter_id', 'aliquot': 'samples.submitter_id', 'sample': 'cases.submitter_id', 'demographic': 'cases.submitter_id', 'diagnosis': 'cases.submitter_id', 'case': 'projects.code'}

def survival_status_parser(*args, **kwargs):
    ...

def diagnosis_parser(*args, **kwargs):
    ...

def fastq_parser(*args, **kwargs):
    ...

def extract_metadata_to_tsv(*args, **kwargs):
    ...

def sample_parser(*args, **kwargs):
    ...

def methylation_parser(*args, **kwargs):
    ...

def convert_tsv_json(*args, **kwargs):
    ...

def preservation_method_n_meth_platform_parser(*args, **kwargs):
    ...

def setup_transform(*args, **kwargs):
    ...

def validate_graph(*args, **kwargs):
    ...

def validate_pvs(*args, **kwargs):
    ...
DataCleanup = Literal['yes', 'no']

@flow(name='MCI GDC Transform Main Flow', log_prints=True, flow_run_name='mci_gdc_transform-{runner}_' + f'{get_time()}')
def mci_gdc_transform(bucket: str, manifest_file: str, runner: str, data_cleanup: DataCleanup='no', preservation_meth_platform_file: str=None) -> None:
    """Main function to transform MCI manifest file into GDC submission files.

    Args:
        bucket: str: Name of the S3 bucket where input files are stored and output files will be saved.
        manifest_file (str): Path to the MCI manifest file.
        runner (str): Name of the runner.
        data_cleanup (DataCleanup, optional): Whether to perform data cleanup of working directories. Defaults to "no".
        preservation_meth_platform_file (str, optional): Path to the preservation method and methylation platform file. Defaults to None.
    Returns:
        None
    """
    pass
