# Signatures from github.com/CBIIT/ChildhoodCancerDataInitiative-Prefect_Pipeline (workflows/gdc_import.py at fe08600b7008): bodies dropped.
import requests
import json
import sys
import os
import logging
try:
    from deepdiff import DeepDiff
except ImportError:
    pass
try:
    import pandas as pd
except ImportError:
    pass
import time
from typing import Literal
try:
    import boto3
except ImportError:
    pass
try:
    from botocore.exceptions import ClientError
except ImportError:
    pass
from prefect import flow, task, get_run_logger
from src.utils import get_time, file_dl, folder_ul, sanitize_return, get_secret

def read_json(*args, **kwargs):
    ...

def loader(*args, **kwargs):
    ...

def dbgap_retrieve(*args, **kwargs):
    ...

def make_request(*args, **kwargs):
    ...

def dbgap_compare(*args, **kwargs):
    ...

def retrieve_current_nodes(*args, **kwargs):
    ...

def query_entities(*args, **kwargs):
    ...

def entity_parser(*args, **kwargs):
    ...

def json_compare(*args, **kwargs):
    ...

def compare_diff(*args, **kwargs):
    ...

def error_parser(*args, **kwargs):
    ...

def response_recorder(*args, **kwargs):
    ...

def submit(*args, **kwargs):
    ...
DropDownChoices = Literal['yes', 'no']

@flow(name='GDC Import', log_prints=True, flow_run_name='{runner}_' + f'{get_time()}')
def runner(bucket: str, file_path: str, project_id: str, node_type: str, runner: str, secret_name_path: str, secret_key_name: str, sstr: str, check_for_updates: DropDownChoices):
    """CCDI data curation pipeline

    Args:
        bucket (str): Bucket name of where the manifest is located in and the output goes to
        file_path (str): File path of the CCDI manifest
        runner (str): Unique runner name
        secret_name_path (str): Path to AWS secrets manager where token hash stored
        secret_key_name (str): Authentication token string secret key name for GDC submission
        project_id (str): GDC Project ID to submit to (e.g. CCDI-MCI, TARGET-AML)
        node_type (str): The GDC node type is being submitted
        sstr (str): For case node submission, the phs ID and version of study in dbGaP (e.g. phs002790.v7)
        check_for_updates (str): 'yes' or 'no' to perform checks for nodes to UPDATE; if 'no', only submit NEW nodes

    Raises:
        ValueError: Value Error occurs when the pipeline fails to proceed.
    """
    pass
