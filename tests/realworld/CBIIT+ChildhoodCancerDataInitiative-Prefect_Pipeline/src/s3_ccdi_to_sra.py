# Signatures from github.com/CBIIT/ChildhoodCancerDataInitiative-Prefect_Pipeline (src/s3_ccdi_to_sra.py at fe08600b7008): bodies dropped.
from prefect import flow, task
from typing import List, TypeVar, Dict
import warnings
try:
    import pandas as pd
except ImportError:
    pass
import sys
import os
from shutil import copy
from src.utils import get_date, get_time, get_logger, ccdi_manifest_to_dict
try:
    import openpyxl
except ImportError:
    pass
try:
    from openpyxl.styles import Font
except ImportError:
    pass
try:
    import numpy as np
except ImportError:
    pass
from urllib.parse import urlparse
try:
    ExcelReader = TypeVar('ExcelReader')
except Exception:
    pass
try:
    DataFrame = TypeVar('DataFrame')
except Exception:
    pass
try:
    ExcelFile = TypeVar('ExcelFile')
except Exception:
    pass
try:
    Series = TypeVar('Series')
except Exception:
    pass

def get_acl(*args, **kwargs):
    ...

def get_study_name(*args, **kwargs):
    ...

def get_study_contact(*args, **kwargs):
    ...

def concat_seq_single_seq(*args, **kwargs):
    ...

def trim_seq_df(*args, **kwargs):
    ...

def remove_redundant_cols(*args, **kwargs):
    ...

def sra_match_manifest_seq(*args, **kwargs):
    ...

def fix_design_description(*args, **kwargs):
    ...

def get_sra_terms_dict(*args, **kwargs):
    ...

def find_new_value_in_col(*args, **kwargs):
    ...

def get_unknown_model_index(*args, **kwargs):
    ...

def reorder_col_names(*args, **kwargs):
    ...

def rename_colnames_output(*args, **kwargs):
    ...

def reformat_previous_sra(*args, **kwargs):
    ...

def sra_template_to_dict(*args, **kwargs):
    ...

def replace_invalid_character_sra(*args, **kwargs):
    ...

def reformat_sra_values(*args, **kwargs):
    ...

def sra_filetype_filter(*args, **kwargs):
    ...

def sra_value_verification(*args, **kwargs):
    ...

def check_value_constancy(*args, **kwargs):
    ...

def sort_subset_sra_df(*args, **kwargs):
    ...

def spread_sra_df(*args, **kwargs):
    ...

def check_and_remove_duplicates(*args, **kwargs):
    ...

def validate_sample_library(*args, **kwargs):
    ...

def concatenate_library_id(*args, **kwargs):
    ...

def duplicate_filename_fix(*args, **kwargs):
    ...

def CCDI_to_SRA(*args, **kwargs):
    ...
