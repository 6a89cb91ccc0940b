# Signatures from github.com/CBIIT/ChildhoodCancerDataInitiative-cBioPortal-Workflows (workflows/vcf_anno.py at 9f2a772c0a99): bodies dropped.
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
    from botocore.exceptions import ClientError, EndpointConnectionError, SSLError
except ImportError:
    pass
from prefect import flow, task, get_run_logger, unmapped
from src.utils import get_time, file_dl, upload_folder_to_s3, set_s3_resource, get_logger
import ssl
import socket
from urllib3.exceptions import SSLError as Urllib3SSLError
from requests.exceptions import SSLError as RequestsSSLError, ConnectionError

def install_nexus(*args, **kwargs):
    ...

def get_md5(*args, **kwargs):
    ...

def vcf_dl_task(*args, **kwargs):
    ...

def download_vcf(*args, **kwargs):
    ...

def annotator_flow(*args, **kwargs):
    ...

def version_check(*args, **kwargs):
    ...

def annotator(*args, **kwargs):
    ...

def concat_mafs(*args, **kwargs):
    ...

def concat_maf_check(*args, **kwargs):
    ...
DropDownChoices = Literal['GRCh37', 'GRCh38']
DropDownChoices2 = Literal['yes', 'no']

@flow(name='cbio-vcf-annotation-flow', log_prints=True)
def vcf_anno_flow(bucket: str, runner: str, manifest_path: str, reference_genome: DropDownChoices, cleanup: DropDownChoices2, previous_output_path: str=None, maf_concat: str=None) -> None:
    """Flow to annotate VCF files using Genome Nexus annotation tool

    Args:
        bucket (str): bucket name
        runner (str): runner name and destination path in s3
        manifest_path (str): path to csv file with cols for sample, md5sum and file_url of VCFs
        reference_genome (Literal['GRCh37', 'GRCh38']): reference genome to use for annotation
        cleanup (Literal["yes", "no"]): If 'yes', instead of running annotation, cleans up existing vcf annotation folder on mnt drive
        previous_output_path (str): Path to previous output directory in mounted drive (e.g. /usr/local/data/vcf_annotation/vcf_run_20260120_T072723); to be used if previous run failed/crashed, pick up where left off
        maf_concat (str, optional): Path of concatenated MAF file in AWS bucket to concat new annotations to. Defaults to None.
    """
    pass
