# Signatures from github.com/CBIIT/ChildhoodCancerDataInitiative-Prefect_Pipeline (workflows/pull_neo4j_data.py at fe08600b7008): bodies dropped.
from prefect import flow, task, get_run_logger
import os
import sys
from typing import Union
try:
    parent_dir = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))
except Exception:
    pass
from src.neo4j_data_tools import query_db_to_csv, convert_csv_to_tsv
from src.utils import get_time, folder_ul, get_secret_centralized_worker

@flow(name='Pull Neo4j data', log_prints=True, flow_run_name='pull-neo4j-{runner}-' + f'{get_time()}')
def pull_neo4j_data(bucket: str, runner: str, database_account_id: str, database_secret_path: str, database_secret_key_ip: str, database_secret_key_username: str, database_secret_key_password: str, study_id_list: Union[list[str], None]=None):
    """Pipeline that pulls ingested studies from a Neo4j database. Default pulls all studies unless a single study phs ID provided. 

    Args:
        bucket (str): Bucket name of where output goes to
        runner (str): Unique runner name
        database_account_id (str): database account id
        database_secret_path (str): database secret path
        database_secret_key_ip (str): database secret key for ip
        database_secret_key_username (str): database secret key for username
        database_secret_key_password (str): database secret key for password
        study_id_list (list[str], optional): List of Study IDs to pull data for multiple study pulls. If None, the pipeline pulls all the studies. Defaults to None.
    """
    pass
