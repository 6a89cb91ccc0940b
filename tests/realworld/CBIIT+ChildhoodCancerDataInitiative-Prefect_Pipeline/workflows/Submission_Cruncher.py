# Signatures from github.com/CBIIT/ChildhoodCancerDataInitiative-Prefect_Pipeline (workflows/Submission_Cruncher.py at fe08600b7008): bodies dropped.
from prefect import flow, get_run_logger
import os
import sys
try:
    parent_dir = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))
except Exception:
    pass
from src.submission_cruncher import concatenate_submissions
from src.utils import get_time, folder_dl, file_dl, file_ul, dl_ccdi_template

@flow(name='Submission Cruncher Flow', log_prints=True, flow_run_name='{runner}_' + f'{get_time()}')
def submission_cruncher(bucket: str, submission_folder_path: str, runner: str, template_path: str='default_to_latest') -> None:
    """Pipeline that combines all manifests in a bucket folder path into a single manifest

    Args:
        bucket (str): Bucket name of where the manifests located in and the output goes to
        submission_folder_path (str): A folder path of the manifests folder
        runner (str): Unique runner name
        template_path (str, optional): A CCDI template path in the given bucket to combine manifests. Defaults to "default_to_latest".
    """
    pass
