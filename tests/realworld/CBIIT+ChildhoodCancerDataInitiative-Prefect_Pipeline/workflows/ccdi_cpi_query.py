# Signatures from github.com/CBIIT/ChildhoodCancerDataInitiative-Prefect_Pipeline (workflows/ccdi_cpi_query.py at fe08600b7008): bodies dropped.
from prefect import flow, task, get_run_logger
import os
import sys
from src.utils import get_time, file_ul, get_secret, list_to_chunks, folder_ul, file_dl
try:
    import pandas as pd
except ImportError:
    pass
import requests
import json
try:
    parent_dir = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))
except Exception:
    pass
API_DOMAIN = 'https://participantindex.ccdi.cancer.gov'
API_GET_DOMAINS = '/v1/domains'
API_GET_RELEVANT_DOMAINS = '/v1/participant_ids/domains'
API_GET_ASSOCIATED_PARTICIPANT_IDS = '/v1/associated_participant_ids'

def get_access_token(*args, **kwargs):
    ...

def get_cpi_request(*args, **kwargs):
    ...

def get_all_domain_info(*args, **kwargs):
    ...

def reformat_domain_dict(*args, **kwargs):
    ...

def get_associated_ids(*args, **kwargs):
    ...

@flow(name='Get Associated Domains of CCDI Participants', log_prints=True)
def get_ccdi_cpi_ids(bucket: str, runner: str, file_path: str, uri_parameter: str, username_parameter: str, password_parameter: str) -> None:
    """Get Associated id(s) of all CCDI participants in sandbox DB using CPI API

    Args:
        bucket (str): bucket of where outputs upload to
        runner (str): unique runner name
        file_path (str): file path for participant data
        uri_parameter (str): db uri parameter
        username_parameter (str): db username parameter
        password_parameter (str): db password parameter
    """
    pass
