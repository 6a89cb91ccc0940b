# Signatures from github.com/CBIIT/ChildhoodCancerDataInitiative-cBioPortal-Workflows (workflows/mci_clinical_variant_merge.py at 9f2a772c0a99): bodies dropped.
import os, sys
try:
    import pandas as pd
except ImportError:
    pass
from time import sleep
import requests
from prefect import flow, task
from prefect.task_runners import ConcurrentTaskRunner
from src.utils import get_time, file_dl, upload_folder_to_s3, get_run_logger
import shutil
from typing import Literal
try:
    import openpyxl
except ImportError:
    pass

def clin_file_prep(*args, **kwargs):
    ...

def fetch_variant(*args, **kwargs):
    ...

def annotate_clinical_variants(*args, **kwargs):
    ...

def merge_clinical_variants_to_maf(*args, **kwargs):
    ...
DropDownChoices = Literal['GRCh37', 'GRCh38']

@flow(name='cbio-mci-vcf-clinical-variant-merge', description='Annotate clinical variants with Genome Nexus Annotation Pipeline and merge to megaMAF of raw variants')
def clin_anno_merge_flow(bucket: str, runner: str, clinical_variant_file_path: str, reference_genome: DropDownChoices, maf_concat_path: str):
    """"Flow to annotate clinical variants with Genome Nexus Annotation Pipeline and merge to megaMAF of raw variants
    
    Args:
        bucket (str): S3 bucket name for input and output files
        runner (str): Prefect runner to use for flow execution
        clinical_variant_file_path (str): S3 path to manifest file with variant data to be annotated and merged
        reference_genome (DropDownChoices): Reference genome build for annotation (e.g. "GRCh38")
        maf_concat_path (str): S3 path to maf concat file of raw variants to be merged with annotated clinical variants
    
    """
    pass
