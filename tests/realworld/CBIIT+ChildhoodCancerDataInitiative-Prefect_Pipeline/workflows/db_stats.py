# Signatures from github.com/CBIIT/ChildhoodCancerDataInitiative-Prefect_Pipeline (workflows/db_stats.py at fe08600b7008): bodies dropped.
try:
    import pandas as pd
except ImportError:
    pass
import os
from prefect import flow, get_run_logger
from src.utils import get_time, file_ul, file_dl, get_secret_centralized_worker
from src.neo4j_data_tools import StatsNeo4jCypherQuery, stats_pull_graph_data_study, stats_pull_graph_data_nodes, cypher_query_parameters

@flow(name='DB Stats', log_prints=True, flow_run_name='db-stats-{runner}-' + f'{get_time()}')
def pull_db_stats(bucket: str, runner: str, database_account_id: str, database_secret_path: str, database_secret_key_ip: str, database_secret_key_username: str, database_secret_key_password: str, additional_info_file: str=''):
    """Pipeline that pulls specific stats from ingested studies from a Neo4j database

    Args:
        bucket (str): Bucket name of where output goes to
        runner (str): Unique runner name
        database_account_id (str): Account ID for the database
        database_secret_path (str): Secret path for the database
        database_secret_key_ip (str): Secret key for the IP of the database
        database_secret_key_username (str): Secret key for the username of the database
        database_secret_key_password (str): Secret key for the password of the database
        additional_info_file (str, optional): An extra information tsv file with one line per study in a study_id column.
    """
    pass
