# Signatures from github.com/CBIIT/ChildhoodCancerDataInitiative-Prefect_Pipeline (src/join_tsv_to_manifest.py at fe08600b7008): bodies dropped.
import os
try:
    import pandas as pd
except ImportError:
    pass
from prefect import flow, task, get_run_logger
from shutil import copy
from src.utils import get_date

def check_subfolder(*args, **kwargs):
    ...

def get_study_accession(*args, **kwargs):
    ...

def create_key_id_mapping(*args, **kwargs):
    ...

def find_missing_cols(*args, **kwargs):
    ...

def find_id_cols(*args, **kwargs):
    ...

def find_parent_id_cols(*args, **kwargs):
    ...

def unpack_folder_list(*args, **kwargs):
    ...

def join_tsv_to_ccdi_manifest_single_study(*args, **kwargs):
    ...

def multi_studies_tsv_join_ccdi(*args, **kwargs):
    ...
