# Signatures from github.com/CBIIT/ChildhoodCancerDataInitiative-Prefect_Pipeline (workflows/gc_liftover_helper.py at fe08600b7008): bodies dropped.
from prefect import flow, task, get_run_logger
import os
try:
    import pandas as pd
except ImportError:
    pass
import sys
import re
from src.utils import folder_dl, file_dl, folder_ul, file_ul, get_time, CheckCCDI, CCDI_DCC_Tags

def load_tsvs_from_folder(*args, **kwargs):
    ...

def save_tsvs_to_folder(*args, **kwargs):
    ...

def move_id_to_front(*args, **kwargs):
    ...

def generate_ids_task(*args, **kwargs):
    ...

@flow(name='GC ID Post-Processing Flow', log_prints=True)
def generate_ids_flow(bucket: str, submission_path: str, runner: str) -> None:
    """
    Main flow that calls tasks to load TSVs, generate GC IDs and save the fixed TSVs
    Args:
        bucket (str): bucket name on aws where the submission folder is located, e.g. "ccdi-validation"
        submission_path (str): folder path that contains a set of tsv files under bucket, e.g. "your_name/JIRA_tix/submission_tsv_files/"
        runner (str): folder path where the output files from this flow will be uploaded, e.g. "your_name/JIRA_tix/"
    """
    pass
