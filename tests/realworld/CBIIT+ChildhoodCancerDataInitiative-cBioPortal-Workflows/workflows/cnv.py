# Signatures from github.com/CBIIT/ChildhoodCancerDataInitiative-cBioPortal-Workflows (workflows/cnv.py at 9f2a772c0a99): bodies dropped.
import json
import csv
import os
import time
try:
    import pandas as pd
except ImportError:
    pass
import hashlib
import shutil
try:
    from prefect_shell import ShellOperation
except ImportError:
    pass
from prefect.task_runners import ConcurrentTaskRunner
from typing import Literal
try:
    import boto3
except ImportError:
    pass
try:
    from botocore.exceptions import ClientError
except ImportError:
    pass
from prefect import flow, task, get_run_logger, unmapped
from src.utils import get_time, file_dl, get_logger, upload_folder_to_s3, set_s3_resource
SEGMENT_COLUMNS_COUNT = 12

def read_manifest(*args, **kwargs):
    ...

def get_md5(*args, **kwargs):
    ...

def json_dl(*args, **kwargs):
    ...

def download_cnv(*args, **kwargs):
    ...

def parse_segments(*args, **kwargs):
    ...

def parse_segments_flow(*args, **kwargs):
    ...

def download_gencode_file(*args, **kwargs):
    ...

def gene_list_format(*args, **kwargs):
    ...

def segment_file_format(*args, **kwargs):
    ...

def bedtools_intersect(*args, **kwargs):
    ...

def process_gene_mappings(*args, **kwargs):
    ...

def gistic_like_calls(*args, **kwargs):
    ...
DropDownChoices = Literal['segment_and_cnv_gene', 'cleanup']

@flow(name='cbio-cnv-flow', log_prints=True)
def cnv_flow(bucket: str, manifest_path: str, destination_path: str, gencode_version: int, flow_type: DropDownChoices):
    """Prefect workflow to download, parse and transform cnv data for ingestion into cBioPortal.

    Args:
        bucket (str): S3 bucket name of location of manifest and to direct output files
        manifest_path (str): Path to the manifest file in specified S3 bucket
        destination_path (str): Destination path at specified S3 bucket for the output/transformed data files and log file
        gencode_version (int): Gencode version to use for gene mappings. Default is "48" for hg38.
        flow_type (DropDownChoices): Type of flow to run. Options are "segment_and_cnv-gene", "cleanup"
    """
    pass
