# Signatures from github.com/CBIIT/ChildhoodCancerDataInitiative-Prefect_Pipeline (src/mci_monthly_release.py at fe08600b7008): bodies dropped.
from prefect import flow, task, get_run_logger
from prefect.input import RunInput
import os
try:
    import pandas as pd
except ImportError:
    pass
from src.utils import set_s3_session_client, get_date
from src.read_buckets import paginate_parameter
from dataclasses import dataclass

class ProceedtoMergeInput(RunInput):
    proceed_to_merge: str

@dataclass
class MCIInputDescriptionMD:
    """dataclass for wait for input description MD"""
    proceed_to_merge_md: str = "\n**Please Review Newly Added Manifest List!**\nToday's Date: *{today_date}*\nDiff file bucket: *{bucket}*\nDiff file path: *{output_folder}/{diff_filename}*\n\nDo you want to create a mega-merged manifest of all the diff manifests identified:\n- **proceed_to_merge**: y/n\n\n"

def read_mci_staging_folder(*args, **kwargs):
    ...

def find_newly_added(*args, **kwargs):
    ...

def download_diff_files(*args, **kwargs):
    ...
