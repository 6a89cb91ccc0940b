# Signatures from github.com/CBIIT/ChildhoodCancerDataInitiative-Prefect_Pipeline (workflows/memgraph_transfer_promotion.py at fe08600b7008): bodies dropped.
try:
    from neo4j import GraphDatabase, basic_auth
except ImportError:
    pass
from prefect import flow, get_run_logger
from src.memgraph_transfer import export_memgraph, import_memgraph, export_memgraph_curation_filter
from typing import Literal, Optional
import os
from src.utils import get_secret_centralized_worker, get_time, file_ul, file_dl

@flow(name='Memgraph Transfer Promotion Flow', log_prints=True, flow_run_name='{runner}_' + f'{get_time()}')
def memgraph_transfer_promotion(bucket: str, runner: str, file_path: str, chunk_size: int=1000, mode: Literal['export', 'import', 'promotion', 'curation promotion filter']='export', database_source_account_name: str=None, database_source_account_id: str=None, database_source_secret_path: str=None, database_source_secret_key_ip: str=None, database_source_secret_key_username: str=None, database_source_secret_key_password: str=None, database_target_account_name: str=None, database_target_account_id: str=None, database_target_secret_path: str=None, database_target_secret_key_ip: str=None, database_target_secret_key_username: str=None, database_target_secret_key_password: str=None, promotion_filter_node_label: Optional[str]=None, promotion_filter_property: Optional[str]=None, promotion_filter_value: Optional[str]=None, wipe_db: bool=False):
    """
    Prefect flow for transferring/promoting a Memgraph database.

    Args:
        mode: Operation mode for the transfer. Must be one of 'export', 'import', 'promotion', or 'curation promotion filter'.
        bucket: Working cloud storage bucket name.
        runner: Identifier for the runner executing the flow and output file path.
        file_path: s3 file path to the CypherL file for import only pipeline.
        database_source_account_name (str): Account name/nickname/shorthand for the source database
        database_source_account_id (str): Account ID for the source database
        database_source_secret_path (str): Secret path for the source database
        database_source_secret_key_ip (str): Secret key for the IP of the source database
        database_source_secret_key_username (str): Secret key for the username of the source database
        database_source_secret_key_password (str): Secret key for the password of the source database
        database_target_account_name (str): Account name/nickname/shorthand for the target database (only required for promotion and import modes)
        database_target_account_id (str): Account ID for the target database (only required for promotion and import modes)
        database_target_secret_path (str): Secret path for the target database (only required for promotion and import modes)
        database_target_secret_key_ip (str): Secret key for the IP of the target database (only required for promotion and import modes)
        database_target_secret_key_username (str): Secret key for the username of the target database (only required for promotion and import modes)
        database_target_secret_key_password (str): Secret key for the password of the target database (only required for promotion and import modes)
        chunk_size: Number of statements to process per batch.
        wipe_db: If True during import, wipes the existing database before importing.
        promotion_filter_node_label: The node label to filter on for the curation promotion filter mode
        promotion_filter_property: The node property to filter on for the curation promotion filter mode
        promotion_filter_value: The node property value to filter on for the curation promotion filter mode
    """
    pass
