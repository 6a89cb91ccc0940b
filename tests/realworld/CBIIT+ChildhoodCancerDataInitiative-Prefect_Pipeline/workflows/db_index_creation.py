# Signatures from github.com/CBIIT/ChildhoodCancerDataInitiative-Prefect_Pipeline (workflows/db_index_creation.py at fe08600b7008): bodies dropped.
try:
    from neo4j import GraphDatabase
except ImportError:
    pass
from memgraph_transfer import import_memgraph
from src.utils import get_time, file_dl, get_secret_centralized_worker
from prefect import flow, get_run_logger
import os

@flow(name='Data Base Index Management Flow', log_prints=True, flow_run_name='{runner}_' + f'{get_time()}')
def db_index_creation_flow(bucket: str, runner: str, file_path: str, database_target_account_id: str=None, database_target_secret_path: str=None, database_target_secret_key_ip: str=None, database_target_secret_key_username: str=None, database_target_secret_key_password: str=None):
    """
    Prefect flow for adding or removing an index in Memgraph.

    Args:
        bucket: Working cloud storage bucket name.
        runner: Identifier for the runner executing the flow and output file path.
        file_path: s3 file path to CypherL file containing index management queries. One line per query, each line should be a complete Cypher statement.
        database_target_account_id (str): Account ID for the target database
        database_target_secret_path (str): Secret path for the target database
        database_target_secret_key_ip (str): Secret key for the IP of the target database
        database_target_secret_key_username (str): Secret key for the username of the target database
        database_target_secret_key_password (str): Secret key for the password of the target database
    """
    pass
