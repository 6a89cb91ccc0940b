# Signatures from github.com/CBIIT/ChildhoodCancerDataInitiative-Prefect_Pipeline (workflows/memgraph_transfer.py at fe08600b7008): bodies dropped.
try:
    from neo4j import GraphDatabase
except ImportError:
    pass
from prefect import flow, get_run_logger
from src.memgraph_transfer import export_memgraph, import_memgraph
from src.neo4j_data_tools import cypher_query_parameters
from typing import Literal
import os
from src.utils import get_time, file_ul, file_dl

def memgraph_export_import_flow(*args, **kwargs):
    ...
