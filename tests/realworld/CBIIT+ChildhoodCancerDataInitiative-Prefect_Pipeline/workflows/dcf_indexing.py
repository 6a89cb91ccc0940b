# Signatures from github.com/CBIIT/ChildhoodCancerDataInitiative-Prefect_Pipeline (workflows/dcf_indexing.py at fe08600b7008): bodies dropped.
from prefect import flow, get_run_logger
import os
import sys
try:
    import pandas as pd
except ImportError:
    pass
from shutil import copy2
import hashlib
try:
    parent_dir = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))
except Exception:
    pass
from src.utils import CheckCCDI, file_dl, file_ul, extract_dcf_index, combine_dcf_dicts, get_time, get_date

@flow(name='Create DCF Index Manifest', flow_run_name='create-dcf-index-manifest-{runner}-' + f'{get_time()}')
def dcf_index_manifest(bucket: str, manifest_path: str, runner: str) -> None:
    """Pipeline that creates DCF indexing manifest from a CCDI manifest

    Args:
        bucket (str): Bucket name of where the manifest located in and output goes to
        manifest_path (str): File path of a CCDI manifest
        runner (str): Unique runner name
        
    """
    pass
