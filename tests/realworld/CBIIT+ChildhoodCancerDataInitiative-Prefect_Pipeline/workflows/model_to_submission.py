# Signatures from github.com/CBIIT/ChildhoodCancerDataInitiative-Prefect_Pipeline (workflows/model_to_submission.py at fe08600b7008): bodies dropped.
import os
import sys
import traceback
try:
    parent_dir = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))
except Exception:
    pass
from src.create_submission import ModelEndpoint, GetCCDIModel, ManifestSheet
from src.utils import file_ul, get_time, dl_file_from_url
from prefect import flow, get_run_logger
from requests.exceptions import ConnectionError

@flow(name='Model to Submission', log_prints=True, flow_run_name='model-to-submission-{runner}-' + f'{get_time()}')
def create_submission_manifest(bucket: str, runner: str, release_title: str) -> None:
    """Pipeline that creates a CCDI manifest using the model files in GitHub repo main branch

    Args:
        bucket (str): Bucket name that output goes to
        runner (str): Unique runner name
        release_title (str): Release title to use in the new manifest
    """
    pass
