# Signatures from github.com/CBIIT/ChildhoodCancerDataInitiative-Prefect_Pipeline (src/join_tsv_to_manifest_dcc.py at fe08600b7008): bodies dropped.
import gc
import os
try:
    import pandas as pd
except ImportError:
    pass
from prefect import flow, task, get_run_logger
from shutil import copy
from src.utils import get_date
from prefect.task_runners import ThreadPoolTaskRunner

def check_subfolder(*args, **kwargs):
    ...

def get_study_accession(*args, **kwargs):
    ...

def find_missing_cols(*args, **kwargs):
    ...

def unpack_folder_list(*args, **kwargs):
    ...

def build_guid_to_id_mapping(*args, **kwargs):
    ...

def join_tsv_to_manifest_single_study(*args, **kwargs):
    ...

def multi_studies_tsv_join(*args, **kwargs):
    ...
