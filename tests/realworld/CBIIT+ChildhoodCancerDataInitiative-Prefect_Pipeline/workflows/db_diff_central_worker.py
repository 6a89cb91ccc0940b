# Signatures from github.com/CBIIT/ChildhoodCancerDataInitiative-Prefect_Pipeline (workflows/db_diff_central_worker.py at fe08600b7008): bodies dropped.
try:
    from neo4j import GraphDatabase
except ImportError:
    pass
from prefect import flow, get_run_logger
import os
import sys
from typing import Literal
from src.utils import get_secret_centralized_worker, get_date, get_time, file_ul
from src.neo4j_data_tools import counts_DB_all_nodes_all_studies_w_secrets
try:
    parent_dir = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))
except Exception:
    pass

@flow(name='Get diff between neo4j or memgraph instances', log_prints=True)
def db_diff(bucket: str, runner: str, database_1_account_id: str, database_1_secret_path: str, database_1_secret_key_ip: str, database_1_secret_key_username: str, database_1_secret_key_password: str, database_2_account_id: str, database_2_secret_path: str, database_2_secret_key_ip: str, database_2_secret_key_username: str, database_2_secret_key_password: str) -> None:
    """This flow will pull credentials for two neo4j/memgraph db instances, get counts of all nodes in each db, and then output a tsv file with the counts and differences in counts between the two dbs. The output file will be saved to a specified bucket.
    Args:
        bucket (str): the bucket to save the output file to
        runner (str): the name of the runner executing the flow, used for naming output folder
        database_1_account_id (str): the account id for the first neo4j/memgraph db instance, used to pull aws secrets
        database_1_secret_path (str): the secret path for the first neo4j/memgraph db instance, used to pull aws secrets
        database_1_secret_key_ip (str): the secret key for the first neo4j/memgraph db instance ip, used to pull aws secrets
        database_1_secret_key_username (str): the secret key for the first neo4j/memgraph db instance username, used to pull aws secrets
        database_1_secret_key_password (str): the secret key for the first neo4j/memgraph db instance password, used to pull aws secrets
        database_2_account_id (str): the account id for the second neo4j/memgraph db instance, used to pull aws secrets
        database_2_secret_path (str): the secret path for the second neo4j/memgraph db instance, used to pull aws secrets
        database_2_secret_key_ip (str): the secret key for the second neo4j/memgraph db instance ip, used to pull aws secrets
        database_2_secret_key_username (str): the secret key for the second neo4j/memgraph db instance username, used to pull aws secrets
        database_2_secret_key_password (str): the secret key for the second neo4j/memgraph db instance password, used to pull aws secrets
    """
    pass
