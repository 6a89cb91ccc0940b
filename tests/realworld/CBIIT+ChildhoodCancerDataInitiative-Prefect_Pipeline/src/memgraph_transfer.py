# Signatures from github.com/CBIIT/ChildhoodCancerDataInitiative-Prefect_Pipeline (src/memgraph_transfer.py at fe08600b7008): bodies dropped.
import os
from typing import Any
try:
    from neo4j import GraphDatabase
except ImportError:
    pass
try:
    from neo4j.exceptions import TransactionError
except ImportError:
    pass
from prefect import flow, task, get_run_logger
from prefect.cache_policies import NO_CACHE
import json
try:
    from neo4j.time import DateTime, Date, Time, Duration
except ImportError:
    pass
from requests import session
from src.utils import get_time
import time
import re

def export_memgraph(*args, **kwargs):
    ...

def parse_mg_id(*args, **kwargs):
    ...

def parse_node_labels(*args, **kwargs):
    ...

def parse_node_property(*args, **kwargs):
    ...

def parse_node_study_id(*args, **kwargs):
    ...

def node_matches_filter(*args, **kwargs):
    ...

def parse_relationship_mg_ids(*args, **kwargs):
    ...

def parse_relationship_type(*args, **kwargs):
    ...

def dump_database(*args, **kwargs):
    ...

def filter_cypherl(*args, **kwargs):
    ...

def export_memgraph_curation_filter(*args, **kwargs):
    ...

def _execute_batch(*args, **kwargs):
    ...

def _wipe_database(*args, **kwargs):
    ...

def import_memgraph(*args, **kwargs):
    ...
