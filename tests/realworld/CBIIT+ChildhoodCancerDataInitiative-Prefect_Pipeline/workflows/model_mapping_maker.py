# Signatures from github.com/CBIIT/ChildhoodCancerDataInitiative-Prefect_Pipeline (workflows/model_mapping_maker.py at fe08600b7008): bodies dropped.
import requests
try:
    import pandas as pd
except ImportError:
    pass
import os
from prefect import flow, task, get_run_logger, pause_flow_run
from prefect.input import RunInput
from src.utils import get_time, file_dl, file_ul
try:
    from meval.parser import ModelParser
except ImportError:
    pass
import requests

class InputValues(RunInput):
    node: str
    property: str
COLUMNS = ['lift_from_node', 'lift_from_property', 'lift_from_version', 'lift_to_node', 'lift_to_property', 'lift_to_version']

def pull_model_data_files(*args, **kwargs):
    ...

def parse_model(*args, **kwargs):
    ...

def build_mapping(*args, **kwargs):
    ...

def reconcile_mapping(*args, **kwargs):
    ...

def user_input_location(*args, **kwargs):
    ...

def expand_semicolon_nodes(*args, **kwargs):
    ...

def clean_up_partial_dups(*args, **kwargs):
    ...

def build_comparison(*args, **kwargs):
    ...

@flow(name='Model Mapping Maker', log_prints=True, flow_run_name='{runner}_' + f'{get_time()}')
def runner(bucket: str, runner: str, old_model_repository: str='ccdi-dcc-model', new_model_repository: str='cds-model', old_model_version: str='1.0.0', new_model_version: str='11.0.4-GC_Release', base_mode: bool=True, mapping_file: str='path_to/mapping_file/in/s3_bucket.tsv'):
    pass
