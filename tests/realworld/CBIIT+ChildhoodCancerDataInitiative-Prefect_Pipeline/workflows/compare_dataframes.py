# Signatures from github.com/CBIIT/ChildhoodCancerDataInitiative-Prefect_Pipeline (workflows/compare_dataframes.py at fe08600b7008): bodies dropped.
try:
    import pandas as pd
except ImportError:
    pass
from prefect import task, flow, get_run_logger
from datetime import datetime
import os
from src.utils import get_time, file_dl, folder_ul
try:
    date_stamp = get_time()
except Exception:
    pass
output_dir = f'file_compare_{date_stamp}'

def read_dataframe(*args, **kwargs):
    ...

def compare_dataframes(*args, **kwargs):
    ...

def save_dataframes(*args, **kwargs):
    ...

@flow(name='S3 DataFrame Comparison Flow', log_prints=True, flow_run_name='{runner}_' + f'{get_time()}')
def compare_dataframes_runner(bucket: str, file_path_1: str, file_path_2: str, runner: str, join_column_1: str, join_column_2: str):
    """Flow to compare two dataframes from files in a specified S3 bucket.

    Args:
        bucket (str): Bucket name of where the manifest is located in and the output goes to
        file_path_1 (str): File path of the first file to compare
        file_path_2 (str): File path of the second file to compare
        runner (str): Unique runner name (also becomes directory output path)
        join_column_1 (str): Column name in the first DataFrame to join on
        join_column_2 (str): Column name in the second DataFrame to join on
    """
    pass
