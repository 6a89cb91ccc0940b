# Signatures from github.com/CBIIT/ChildhoodCancerDataInitiative-Prefect_Pipeline (workflows/entry_remover.py at fe08600b7008): bodies dropped.
import os
try:
    import pandas as pd
except ImportError:
    pass
try:
    from openpyxl import load_workbook
except ImportError:
    pass
try:
    from openpyxl.utils.dataframe import dataframe_to_rows
except ImportError:
    pass
from prefect import get_run_logger, task, flow
from yaml import warnings
from src.utils import file_dl, get_time, file_ul, folder_ul, folder_dl
from collections import defaultdict

def main(*args, **kwargs):
    ...

@flow(name='CCDI Manifest Entry Remover', flow_run_name='{runner}_' + f'{get_time()}')
def entry_remover(bucket: str, runner: str, file_path: str, directory_path: str, entry_removal_file_path: str) -> None:
    """
    Prefect flow to remove specified entries from a CCDI manifest, given either as a single Excel file or a directory of TSVs. The entries to remove are provided in a separate TSV file. The flow handles downloading the necessary files from cloud storage, performing the entry removal, and uploading the results back to cloud storage.

    Parameters:
    - bucket: The cloud storage bucket where the input files are located and where the output should be uploaded.
    - runner: A string identifier for the runner of the flow, used in naming output folders/files.
    - file_path: The path to the manifest file in the bucket (if using a single Excel file input, leave directory_path as is).
    - directory_path: The path to the manifest directory in the bucket (if using a directory of TSVs input, leave file_path as is).
    - entry_removal_file_path: The path to the TSV file in the bucket that lists the entries to remove.
    """
    pass
