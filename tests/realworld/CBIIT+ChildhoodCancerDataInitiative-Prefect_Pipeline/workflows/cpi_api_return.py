# Signatures from github.com/CBIIT/ChildhoodCancerDataInitiative-Prefect_Pipeline (workflows/cpi_api_return.py at fe08600b7008): bodies dropped.
from prefect import flow, task, get_run_logger
import os
import sys
try:
    parent_dir = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))
except Exception:
    pass
from src.neo4j_data_tools import pull_uniq_studies, export_to_csv_per_node_per_study, pull_data_per_node_per_study, cypher_query_parameters
try:
    from neo4j import GraphDatabase
except ImportError:
    pass
from src.utils import get_time, file_ul, get_secret, list_to_chunks, folder_ul
try:
    import pandas as pd
except ImportError:
    pass
import requests
import json
cypher_query_particiapnt_per_study = '\nMATCH (startNode:{node_label})-[:of_{node_label}]-(linkedNode)-[*0..5]-(study:study {{study_id:"{study_accession}"}})\nRETURN startNode.{node_label}_id as {node_label}_id\n'
API_DOMAIN = 'https://participantindex.ccdi.cancer.gov'
API_GET_DOMAINS = '/v1/domains'
API_GET_RELEVANT_DOMAINS = '/v1/participant_ids/domains'
API_GET_ASSOCIATED_PARTICIPANT_IDS = '/v1/associated_participant_ids'

def get_access_token(*args, **kwargs):
    ...

def get_cpi_request(*args, **kwargs):
    ...

def pull_participant_id_loop(*args, **kwargs):
    ...

def consolidate_all_participant_id(*args, **kwargs):
    ...

def pull_participants_in_db(*args, **kwargs):
    ...

def get_all_domain_info(*args, **kwargs):
    ...

def reformat_domain_dict(*args, **kwargs):
    ...

def get_associated_ids(*args, **kwargs):
    ...

@flow(name='Get Associated Domains of CCDI Participants', log_prints=True)
def get_associated_domains_ids(bucket: str, runner: str, uri_parameter: str, username_parameter: str, password_parameter: str) -> None:
    """Get Associated id(s) of all CCDI participants in sandbox DB using CPI API

    Args:
        bucket (str): bucket of where outputs upload to
        runner (str): unique runner name
        uri_parameter (str): db uri parameter
        username_parameter (str): db username parameter
        password_parameter (str): db password parameter
    """
    pass
