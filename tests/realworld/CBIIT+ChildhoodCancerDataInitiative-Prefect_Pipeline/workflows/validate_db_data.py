# Signatures from github.com/CBIIT/ChildhoodCancerDataInitiative-Prefect_Pipeline (workflows/validate_db_data.py at fe08600b7008): bodies dropped.
try:
    from neo4j import GraphDatabase
except ImportError:
    pass
from prefect import flow, get_run_logger
import os
import sys
try:
    parent_dir = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))
except Exception:
    pass
from src.utils import get_time, folder_dl, get_date, file_ul, get_secret_centralized_worker
from src.neo4j_data_tools import counts_DB_all_nodes_all_studies_w_secrets, validate_DB_with_input_tsvs_w_secrets, db_validation_md, validate_df_to_count_summary, validate_df_to_id_summary

@flow(name='Validate DB', log_prints=True, flow_run_name='validate-db-{runner}-' + f'{get_time()}')
def validate_db_data(bucket: str, runner: str, tsv_folder: str, database_account_id: str, database_secret_path: str, database_secret_key_ip: str, database_secret_key_username: str, database_secret_key_password: str):
    """Pipeline that pulls specific stats from ingested studies from a database

    Args:
        bucket (str): Bucket name of where output goes to
        runner (str): Unique runner name
        tsv_folder (str, optional): Folder path of load files in the provided bucket. Defaults to "".
        database_account_id (str): Account ID for the database
        database_secret_path (str): Secret path for the database
        database_secret_key_ip (str): Secret key for the IP of the database
        database_secret_key_username (str): Secret key for the username of the database
        database_secret_key_password (str): Secret key for the password of the database
    """
    pass
