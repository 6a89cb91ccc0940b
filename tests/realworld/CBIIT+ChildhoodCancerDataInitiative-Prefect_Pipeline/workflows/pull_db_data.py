# Signatures from github.com/CBIIT/ChildhoodCancerDataInitiative-Prefect_Pipeline (workflows/pull_db_data.py at fe08600b7008): bodies dropped.
try:
    from neo4j import GraphDatabase
except ImportError:
    pass
from prefect import flow, task, get_run_logger
import os
import sys
from typing import Union
try:
    parent_dir = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))
except Exception:
    pass
from src.neo4j_data_tools import convert_csv_to_tsv_dcc, query_db_to_csv_w_secrets
from src.utils import get_secret_centralized_worker, get_time, folder_ul

@flow(name='Pull DB data', log_prints=True, flow_run_name='pull-db-{runner}-' + f'{get_time()}')
def pull_db_data(bucket: str, runner: str, database_account_id: str, database_secret_path: str, database_secret_key_ip: str, database_secret_key_username: str, database_secret_key_password: str, study_id_list: Union[list[str], None]=None):
    """Pipeline that pulls ingested studies from a DB database. Default pulls all studies unless a single study phs ID provided.

    Args:
        bucket (str): Bucket name of where output goes to
        runner (str): Unique runner name
        database_account_id (str): AWS account ID for accessing secrets
        database_secret_path (str): Path to the secret in AWS Secrets Manager
        database_secret_key_ip (str): Key name for the URI in the secret
        database_secret_key_username (str): Key name for the username in the secret
        database_secret_key_password (str): Key name for the password in the secret
        study_id_list (list[str], optional): List of Study IDs to pull data for multiple study pulls. If None, the pipeline pulls all the studies. Defaults to None.
    """
    pass
