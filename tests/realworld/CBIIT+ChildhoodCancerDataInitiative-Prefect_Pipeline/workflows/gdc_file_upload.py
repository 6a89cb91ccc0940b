# Signatures from github.com/CBIIT/ChildhoodCancerDataInitiative-Prefect_Pipeline (workflows/gdc_file_upload.py at fe08600b7008): bodies dropped.
import requests
import os
try:
    from prefect_shell import ShellOperation
except ImportError:
    pass
try:
    import pandas as pd
except ImportError:
    pass
from time import sleep
from typing import Literal
try:
    import boto3
except ImportError:
    pass
try:
    from botocore.exceptions import ClientError
except ImportError:
    pass
from prefect import flow, task, get_run_logger
from src.utils import get_time, file_dl, folder_ul, file_ul, get_secret
from src.gdc_utils import retrieve_current_nodes

def env_setup(*args, **kwargs):
    ...

def read_input(*args, **kwargs):
    ...

def matching_uuid(*args, **kwargs):
    ...

def uploader_handler(*args, **kwargs):
    ...
DropDownChoices = Literal['upload_files', 'remove_old_working_dirs', 'check_status']

@flow(name='GDC File Upload', log_prints=True, flow_run_name='{runner}_' + f'{get_time()}')
def runner(bucket: str, project_id: str, manifest_path: str, gdc_client_path: str, node_type: str, runner: str, secret_name_path: str, secret_key_name: str, upload_part_size_mb: int, n_processes: int, process_type: DropDownChoices):
    """CCDI Pipeline to Upload files to GDC

    Args:
        bucket (str): Bucket name of where the manifest is located in and the response output goes to
        project_id (str): GDC Project ID to submit to (e.g. CCDI-MCI, TARGET-AML)
        manifest_path (str): File path of the CCDI file manifest in bucket. Manifest must contain cols file_url, file_name, file_size and md5sum.
        gdc_client_path (str): Path to GDC client to download to VM
        node_type (str): Node type to submit to GDC (e.g. submitted_aligned_reads, clinical_supplement, etc.)
        runner (str): Unique runner name and output folder path
        secret_name_path (str): Path to AWS secrets manager where token hash stored
        secret_key_name (str): Authentication token string secret key name for file upload to GDC
        upload_part_size_mb (int): The upload part size in MB
        n_processes (int): The number of client connections to upload the files smaller than 7 GB
        process_type (str): Select whether to upload files, remove previous working dir instances from VM or check GDC API status
    """
    pass
