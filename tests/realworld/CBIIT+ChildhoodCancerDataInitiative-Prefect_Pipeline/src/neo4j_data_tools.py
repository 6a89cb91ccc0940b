# Signatures from github.com/CBIIT/ChildhoodCancerDataInitiative-Prefect_Pipeline (src/neo4j_data_tools.py at fe08600b7008): bodies dropped.
from src.utils import get_date, file_dl, folder_ul, get_time, dl_ccdi_template, CheckCCDI
from dataclasses import dataclass
from prefect import flow, task, get_run_logger
from prefect.artifacts import create_markdown_artifact
from prefect.task_runners import ConcurrentTaskRunner
from prefect.task_runners import ThreadPoolTaskRunner
from prefect.cache_policies import NO_CACHE
try:
    from neo4j import GraphDatabase
except ImportError:
    pass
try:
    from neo4j.exceptions import TransactionError
except ImportError:
    pass
try:
    import pandas as pd
except ImportError:
    pass
try:
    import numpy as np
except ImportError:
    pass
import csv
import os
from typing import TypeVar, Dict, List, Union
try:
    import boto3
except ImportError:
    pass
import json
import tempfile
import traceback
try:
    from botocore.exceptions import ClientError
except ImportError:
    pass
import random
import itertools
import gc
import glob
import time
try:
    DataFrame = TypeVar('DataFrame')
except Exception:
    pass

def get_available_space(*args, **kwargs):
    ...

@dataclass
class Neo4jCypherQuery:
    """Dataclass for Cypher Query"""
    study_cypher_query: str = '\nMATCH (startNode:{node_label} {{study_id: "{study_accession}"}})\nWITH startNode, properties(startNode) AS props\nUNWIND keys(props) AS propertyName\nRETURN  startNode.id AS startNodeId,\n    labels(startNode) AS startNodeLabels,\n    propertyName AS startNodePropertyName,\n    startNode[propertyName] AS startNodePropertyValue,\n    startNode.study_id as dbgap_accession \n'
    main_cypher_query_per_study_node: str = '\nMATCH (startNode:{node_label})-[:of_{node_label}]-(linkedNode)-[*0..5]-(study:study {{study_id:"{study_accession}"}})\nWITH study, startNode, linkedNode, properties(startNode) AS props\nUNWIND keys(props) AS propertyName\nRETURN startNode.id AS startNodeId, \n    labels(startNode) AS startNodeLabels, \n    propertyName AS startNodePropertyName, \n    startNode[propertyName] AS startNodePropertyValue, \n    linkedNode.id AS linkedNodeId, \n    labels(linkedNode) AS linkedNodeLabels, \n    study.study_id AS dbgap_accession\n'
    unique_nodes_query: str = '\nMATCH (n)\nRETURN DISTINCT labels(n) AS uniqueNodes\n'
    study_list_cypher_query: str = '\nMATCH (n:study)\nRETURN\n    n.study_id as study_id\n'
    all_nodes_entries_study_cypher_query: str = '\nMATCH (study:study {{study_id: "{study_id}"}})<-[*1..7]-(node)\nRETURN labels(node) AS NodeLabel, COUNT(node) AS NodeCount\n'
    node_id_cypher_query_query: str = '\nMATCH (study:study{{study_id:"{study_id}"}})<-[*1..7]-(node:{node})\nRETURN node.id AS id\n'
    node_property_uniq_value: str = '\nMATCH (n:{node})\nRETURN DISTINCT n.{property} as uniqueValues\n'

@dataclass
class DBCypherQueryDCC:
    """Dataclass for Cypher Query"""
    study_cypher_query: str = '\nMATCH (startNode:{node_label} {{study_id: "{study_accession}"}})\nRETURN\n    startNode.guid              AS startNodeId,\n    labels(startNode)           AS startNodeLabels,\n    startNode.study_id          AS dbgap_accession,\n    properties(startNode)       AS startNodeProperties\n'
    main_cypher_query_per_study_node: str = '\nMATCH (study:study {{study_id:"{study_accession}"}})\nMATCH (study)<-[*0..5]-(linkedNode)<-[:of_{node_label}]-(startNode:{node_label})\nRETURN DISTINCT\n    startNode.guid              AS startNodeId,\n    labels(startNode)           AS startNodeLabels,\n    linkedNode.guid             AS linkedNodeId,\n    labels(linkedNode)          AS linkedNodeLabels,\n    study.study_id              AS dbgap_accession,\n    properties(startNode)       AS startNodeProperties\n'
    unique_nodes_query: str = '\nMATCH (n)\nRETURN DISTINCT labels(n) AS uniqueNodes\n'
    study_list_cypher_query: str = '\nMATCH (n:study)\nRETURN\n    n.study_id as study_id\n'
    all_nodes_entries_study_cypher_query: str = '\nMATCH (study:study {{study_id: "{study_id}"}})<-[*0..6]-(node)\nRETURN labels(node) AS NodeLabel, COUNT(node) AS NodeCount\n'
    node_id_cypher_query_query: str = '\nMATCH (study:study{{study_id:"{study_id}"}})<-[*1..7]-(node:{node})\nRETURN node.guid AS id\n'
    node_property_uniq_value: str = '\nMATCH (n:{node})\nRETURN DISTINCT n.{property} as uniqueValues\n'

@dataclass
class StatsNeo4jCypherQuery:
    """Dataclass for Stat Related Cypher Queries"""
    stats_get_unique_study_query: str = '\nMATCH (s:study)\nWITH s.study_id as study_id, s.study_name as study_name\nRETURN DISTINCT study_id, study_name\n'
    stats_get_est_size_query: str = '\nMATCH (s:study)\nWHERE s.study_id = "{study_id}"\nWITH labels(s) AS NodeType, COLLECT(s.size_of_data_being_uploaded) AS Value\nRETURN NodeType, Value\n'
    stats_get_curation_status_query: str = '\nMATCH (s:study)\nWHERE s.study_id = "{study_id}"\nWITH labels(s) AS NodeType, COLLECT(s.curation_status) AS Value\nRETURN NodeType, Value\n'
    stats_get_pi_query: str = '\nMATCH (study:study {{study_id: "{study_id}"}})-[*0..3]-(n:study_personnel {{personnel_type: "PI"}})\nWITH labels(n) AS NodeType, COLLECT(n.personnel_name) AS Value\nRETURN\n    NodeType,\n    Value\n'
    stats_get_institution_query: str = '\nMATCH (study:study {{study_id: "{study_id}"}})-[*0..3]-(n:study_personnel {{personnel_type: "PI"}})\nWITH labels(n) AS NodeType, COLLECT(n.institution) AS Value\nRETURN\n    NodeType,\n    Value\n'
    stats_get_study_clinical: str = '\nOPTIONAL MATCH (study:study {{study_id: "{study_id}"}})-[*0..6]-(n:clinical_measure_file)\nWITH\n    CASE \n        WHEN n IS NOT NULL THEN \'Yes\'\n        ELSE \'No\'\n    END AS Value,\n    CASE\n        WHEN n IS NOT NULL THEN labels(n)\n        ELSE [\'clinical_measure_file\']\n    END AS NodeType\nRETURN DISTINCT\n    NodeType,\n    Value\n'
    stats_get_study_pathology: str = '\nOPTIONAL MATCH (study:study {{study_id: "{study_id}"}})-[*0..6]-(n:pathology_file)\nWITH\n    CASE \n        WHEN n IS NOT NULL THEN \'Yes\'\n        ELSE \'No\'\n    END AS Value,\n    CASE\n        WHEN n IS NOT NULL THEN labels(n)\n        ELSE [\'pathology_file\']\n    END AS NodeType\nRETURN DISTINCT\n    NodeType,\n    Value\n'
    stats_get_study_radiology: str = '\nOPTIONAL MATCH (study:study {{study_id: "{study_id}"}})-[*0..6]-(n:radiology_file)\nWITH\n    CASE \n        WHEN n IS NOT NULL THEN \'Yes\'\n        ELSE \'No\'\n    END AS Value,\n    CASE\n        WHEN n IS NOT NULL THEN labels(n)\n        ELSE [\'radiology_file\']\n    END AS NodeType\nRETURN DISTINCT\n    NodeType,\n    Value\n'
    stats_get_study_methylation_array: str = '\nOPTIONAL MATCH (study:study {{study_id: "{study_id}"}})-[*0..6]-(n:methylation_array_file)\nWITH\n    CASE \n        WHEN n IS NOT NULL THEN \'Yes\'\n        ELSE \'No\'\n    END AS Value,\n    CASE\n        WHEN n IS NOT NULL THEN labels(n)\n        ELSE [\'methylation_array_file\']\n    END AS NodeType\nRETURN DISTINCT\n    NodeType,\n    Value\n'
    stats_get_study_cytogenomic: str = '\nOPTIONAL MATCH (study:study {{study_id: "{study_id}"}})-[*0..6]-(n:cytogenomic_file)\nWITH\n    CASE \n        WHEN n IS NOT NULL THEN \'Yes\'\n        ELSE \'No\'\n    END AS Value,\n    CASE\n        WHEN n IS NOT NULL THEN labels(n)\n        ELSE [\'cytogenomic_file\']\n    END AS NodeType\nRETURN DISTINCT\n    NodeType,\n    Value\n'
    stats_get_study_file_count: str = '\nWITH [\'study_level_file\'] AS NodeType\nOPTIONAL MATCH (study:study {{study_id: "{study_id}"}})-[*0..6]-(n)\nWHERE n.file_size IS NOT NULL AND n.dcf_indexd_guid IS NOT NULL\nWITH COUNT(DISTINCT n.dcf_indexd_guid) AS Value, NodeType\nRETURN DISTINCT\n    NodeType,\n    Value\n'
    stats_get_study_file_size: str = '\nWITH [\'study_level\'] AS NodeType\nMATCH (study:study {{study_id: "{study_id}"}})-[*0..6]-(n)\nWHERE n.file_size IS NOT NULL AND n.file_url IS NOT NULL\nWITH n.file_url AS FileURL, \n    COLLECT(DISTINCT n.file_size) AS FileSizes,\n    NodeType\nWITH FileURL, REDUCE(totalSize = 0, size IN FileSizes | totalSize + size) AS TotalFileSize, NodeType\nRETURN SUM(TotalFileSize) AS Value, NodeType\n'
    stats_get_study_buckets: str = '\nWITH [\'study\'] AS NodeType\nMATCH (study:study {{study_id: "{study_id}"}})-[*0..6]-(n)\nWHERE n.file_url IS NOT NULL\nWITH n.file_url AS fileUrl, NodeType\n\n// Split URL into parts\nWITH split(fileUrl, "/") AS parts, NodeType\n\n// Rebuild first 3 segments (adjust if needed)\nWITH NodeType,\n    parts[0] + "//" + parts[2] + "/" AS prefix\n\nRETURN \n    NodeType,\n    COLLECT(DISTINCT prefix) AS Value;\n'
    stats_get_study_nodes: str = '\nMATCH (study:study {{study_id: "{study_id}"}})-[*0..6]-(n)\nUNWIND labels(n) AS NodeLabel\nRETURN DISTINCT NodeLabel\n'
    stats_get_study_node_counts: str = '\nMATCH (study:study {{study_id: "{study_id}"}})-[*0..6]-(n:{node})\nRETURN labels(n) AS NodeType, COUNT(n) AS Value\n'
    stats_get_study_node_file_size: str = '\nMATCH (study:study {{study_id: "{study_id}"}})-[*0..6]-(n:{node})\nWHERE n.file_size IS NOT NULL AND n.md5sum IS NOT NULL\nWITH n.md5sum AS md5, n.file_size AS fileSize, labels(n) as NodeType\nWITH md5, NodeType, MIN(fileSize) AS uniqueFileSize\nRETURN\n    NodeType,\n    SUM(uniqueFileSize) AS Value\n'
    stats_get_study_library_strategy: str = '\nMATCH (study:study {{study_id: "{study_id}"}})-[*0..6]-(n:{node})\nWHERE n.file_size IS NOT NULL AND n.library_strategy IS NOT NULL\nWITH study, COLLECT(DISTINCT n.library_strategy) AS Value, labels(n) as NodeType   \nRETURN NodeType, Value\n'
    stats_get_study_library_strategy_count: str = '\nMATCH (study:study {{study_id: "{study_id}"}})-[*0..6]-(n:{node})\nWHERE n.file_size IS NOT NULL AND n.library_strategy IS NOT NULL AND n.file_url IS NOT NULL\nWITH n.library_strategy AS NodeType, n.dcf_indexd_guid AS dcfGuid\nWITH NodeType, COUNT(DISTINCT dcfGuid) AS Value\nRETURN [NodeType] AS NodeType, Value\n'
    stats_get_study_library_strategy_size: str = '\nMATCH (study:study {{study_id: "{study_id}"}})-[*0..6]-(n:{node})\nWHERE n.file_size IS NOT NULL AND n.library_strategy IS NOT NULL AND n.file_url IS NOT NULL\nWITH n.library_strategy AS NodeType, n.file_url AS fileUrl, n.file_size AS fileSize\nWITH NodeType, fileUrl, MIN(fileSize) AS uniqueFileSize\nWITH NodeType, SUM(uniqueFileSize) AS Value\nRETURN [NodeType] AS NodeType, Value\n'

def get_aws_parameter(*args, **kwargs):
    ...

def list_to_chunks(*args, **kwargs):
    ...

def cypher_query_parameters(*args, **kwargs):
    ...

def export_to_csv_per_node(*args, **kwargs):
    ...

def export_to_csv_per_node_per_study(*args, **kwargs):
    ...

def format_prop_value(*args, **kwargs):
    ...

def export_to_csv_per_node_per_study_dcc(*args, **kwargs):
    ...

def export_uniq_values_node_property(*args, **kwargs):
    ...

def pull_data_per_node(*args, **kwargs):
    ...

def pull_data_per_node_per_study(*args, **kwargs):
    ...

def pull_uniqvalue_node_property(*args, **kwargs):
    ...

def pull_uniqvalue_property_loop(*args, **kwargs):
    ...

def pull_nodes_loop(*args, **kwargs):
    ...

def pull_nodes_loop_dcc(*args, **kwargs):
    ...

def pull_study_node(*args, **kwargs):
    ...

def pull_study_node_dcc(*args, **kwargs):
    ...

def pull_uniq_nodes(*args, **kwargs):
    ...

def pull_uniq_studies(*args, **kwargs):
    ...

def export_node_counts_a_study(*args, **kwargs):
    ...

def pull_all_nodes_a_study(*args, **kwargs):
    ...

def export_node_ids_a_study(*args, **kwargs):
    ...

def export_node_ids_a_study_dcc(*args, **kwargs):
    ...

def pull_ids_node_study(*args, **kwargs):
    ...

def parse_tsv_files(*args, **kwargs):
    ...

def parse_tsv_files_dcc(*args, **kwargs):
    ...

def compare_id_input_db(*args, **kwargs):
    ...

def compare_id_input_db_dcc(*args, **kwargs):
    ...

def pull_node_ids_all_studies_write(*args, **kwargs):
    ...

def pull_node_ids_all_studies_write_dcc(*args, **kwargs):
    ...

def pull_node_ids_all_studies(*args, **kwargs):
    ...

def pull_node_ids_all_studies_dcc(*args, **kwargs):
    ...

def pull_studies_loop_write(*args, **kwargs):
    ...

def pull_studies_loop(*args, **kwargs):
    ...

def counts_DB_all_nodes_all_studies(*args, **kwargs):
    ...

def counts_DB_all_nodes_all_studies_w_secrets(*args, **kwargs):
    ...

def validate_DB_with_input_tsvs(*args, **kwargs):
    ...

def validate_DB_with_input_tsvs_w_secrets(*args, **kwargs):
    ...

def validate_df_to_count_summary(*args, **kwargs):
    ...

def validate_df_to_id_summary(*args, **kwargs):
    ...

def db_validation_md(*args, **kwargs):
    ...

def query_db_to_csv(*args, **kwargs):
    ...

def list_type_files(*args, **kwargs):
    ...

def pivot_long_df_wide_clean(*args, **kwargs):
    ...

def wide_df_setup_link(*args, **kwargs):
    ...

def write_wider_df_all(*args, **kwargs):
    ...

def convert_csv_to_tsv(*args, **kwargs):
    ...

def stats_pull_graph_data_study(*args, **kwargs):
    ...

def stats_pull_graph_data_nodes(*args, **kwargs):
    ...

@flow(name='Get unique values of properties', log_prints=True)
def report_unique_values_properties(bucket: str, file_path: str, runner: str, uri_parameter: str='uri', username_parameter: str='username', password_parameter: str='password') -> None:
    """Read a file containing property names and report  unique values

    Args:
        bucket (str): bucket name
        file_path (str): file path in the bucket containing two columns(node and property)
        runner (str): unique runner name
    """
    pass

def consolidate_uniquevalue_props(*args, **kwargs):
    ...

def query_db_to_csv_w_secrets(*args, **kwargs):
    ...

def convert_csv_to_tsv_dcc(*args, **kwargs):
    ...

def pivot_long_df_wide_clean_dcc(*args, **kwargs):
    ...

def wide_df_setup_link_dcc(*args, **kwargs):
    ...

def write_wider_df_all_dcc(*args, **kwargs):
    ...
