# Signatures from github.com/CBIIT/ChildhoodCancerDataInitiative-Prefect_Pipeline (workflows/File_Mover.py at fe08600b7008): bodies dropped.
from prefect import flow, task, get_run_logger
import os
import sys
try:
    parent_dir = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))
except Exception:
    pass
from src.file_mover import move_manifest_files
from src.utils import get_time, file_dl, file_ul

@flow(name='File Mover', log_prints=True, flow_run_name='file-mover-{runner}-' + f'{get_time()}')
def file_mover(bucket: str, file_path: str, runner: str, dest_bucket_path: str) -> None:
    """Pipeline that moves file objects in a CCDI manifest to a designated bucket folder, and generates a new CCDI manifest with updated S3 uri

    Args:
        bucket (str): Bucket name of where the manifest located at and output goes to
        file_path (str): File path of CCDI manifest
        runner (str): Unique runner name
        dest_bucket_path (str): Destination bucket path, e.g., dest-bucket-name/somefolder
    """
    pass
