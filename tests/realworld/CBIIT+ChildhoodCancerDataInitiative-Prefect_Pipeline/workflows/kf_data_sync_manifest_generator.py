# Signatures from github.com/CBIIT/ChildhoodCancerDataInitiative-Prefect_Pipeline (workflows/kf_data_sync_manifest_generator.py at fe08600b7008): bodies dropped.
try:
    import pandas as pd
except ImportError:
    pass
from pathlib import Path
from src.utils import file_dl, folder_ul, file_ul, get_time
from prefect import flow, get_run_logger
import os
import sys

def split_s3(*args, **kwargs):
    ...

def process_file(*args, **kwargs):
    ...

@flow(name='KF Data Sync Manifest Generator', log_prints=True, flow_run_name='kf-data-sync-manifest-{runner}-' + f'{get_time()}')
def kf_data_sync_manifest_generator(bucket: str, file_path: str, runner: str, kf_data_sync_bucket: str) -> None:
    """Pipeline that takes a KF File Manifest and generates new manifests for syncing files from source buckets to destination buckets based on the file paths in the original manifest. The output manifests are grouped by source and destination bucket combinations.

    Args:
        bucket (str): Bucket name of where the manifest located at and output goes to
        file_path (str): File path of KF Data Sync manifest, two column tsv with no header, source and destination paths
        runner (str): Unique runner name
        kf_data_sync_bucket (str): Bucket name of where the manifest located at and output goes to
    """
    pass
