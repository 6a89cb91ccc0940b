# Signatures from github.com/CBIIT/ChildhoodCancerDataInitiative-Prefect_Pipeline (workflows/new_model_validation.py at fe08600b7008): bodies dropped.
import os
import sys
import traceback
try:
    parent_dir = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))
except Exception:
    pass
from model_to_submission import create_submission_manifest
from src.template_exampler import make_template_example
from src.s3_validationry_refactored import ValidationRy_new
from src.utils import get_date, get_time, file_ul
from prefect import flow, get_run_logger
from requests.exceptions import ConnectionError

@flow(name='New Model Validation', log_prints=True, flow_run_name='new-model-validation-{runner}-' + f'{get_time()}')
def validate_new_model(bucket: str, runner: str, release_title: str) -> None:
    """Pipeline that creates a manifest using model files in GitHub repo main branch, generates a manifest with simulated data, and performs validation using the current validation pipeline

    Args:
        bucket (str): Bucket name that output goes to
        runner (str): Unique runner name
        release_title (str): Release title to use in new model
    """
    pass
