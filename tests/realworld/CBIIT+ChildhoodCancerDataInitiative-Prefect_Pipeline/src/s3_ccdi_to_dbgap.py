# Signatures from github.com/CBIIT/ChildhoodCancerDataInitiative-Prefect_Pipeline (src/s3_ccdi_to_dbgap.py at fe08600b7008): bodies dropped.
from prefect import flow, task, Task
from typing import List, TypeVar, Dict, Tuple
import warnings
from prefect.cache_policies import NO_CACHE
import sys
import os
from shutil import copy
try:
    import pandas as pd
except ImportError:
    pass
import json
from pathlib import Path
from src.utils import get_date, get_time, get_logger, ccdi_manifest_to_dict
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

def check_participant_unique(*args, **kwargs):
    ...

def create_meta_json(*args, **kwargs):
    ...

def extract_ssm(*args, **kwargs):
    ...

def extract_sc(*args, **kwargs):
    ...

def extract_sa(*args, **kwargs):
    ...

def check_mapping(*args, **kwargs):
    ...

def check_synonym(*args, **kwargs):
    ...

class DD_dataframe(Task):
    """
    A class to help create dataframes and store the needed information 
    for dbGaP-compliant Data Dictionary (DD) files.
    """

class Pre_dbGaP_combine(Task):
    pass

def CCDI_to_dbGaP(*args, **kwargs):
    ...
