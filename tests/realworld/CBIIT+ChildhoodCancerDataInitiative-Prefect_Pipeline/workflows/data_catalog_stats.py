# Signatures from github.com/CBIIT/ChildhoodCancerDataInitiative-Prefect_Pipeline (workflows/data_catalog_stats.py at fe08600b7008): bodies dropped.
try:
    import pandas as pd
except ImportError:
    pass
import sys, os, time
try:
    import boto3
except ImportError:
    pass
from prefect import flow, task, get_run_logger
try:
    from botocore.exceptions import ClientError
except ImportError:
    pass
from src.utils import get_time, file_dl, file_ul

def title_case_except_and_or(*args, **kwargs):
    ...

def general_parser(*args, **kwargs):
    ...

def age_at_diagnosis_parser(*args, **kwargs):
    ...

def total_counts(*args, **kwargs):
    ...

def sample_level_counts(*args, **kwargs):
    ...

def file_counts(*args, **kwargs):
    ...

def total_file_size(*args, **kwargs):
    ...

@flow(name=f'data_catalog_stats_flow', log_prints=True, flow_run_name='data_catalog_counts_' + f'{get_time()}')
def data_catalog_stats(bucket: str, workbook_path: str, phs: str, upload_path: str):
    """Generates summary statistics from a data catalog excel workbook.
    
    Args:
        bucket (str): Bucket name of where the manifest is located in and the output goes to, i.e. ccdi-validation.
        workbook_path (str): Path to excel workbook of study to generate counts for, e.g. bullenca/test_data_catalog.xlsx.
        phs (str): dbGaP phs identifier to use in output file names, e.g. phs000178.
        upload_path (str): Path in bucket to upload output file to, e.g. bullenca/data_catalog_counts.
    
    """
    pass
