# Signatures from github.com/CBIIT/ChildhoodCancerDataInitiative-Prefect_Pipeline (src/utils.py at fe08600b7008): bodies dropped.
from prefect import flow, task, Task, get_run_logger
from prefect.artifacts import create_markdown_artifact
from prefect.task_runners import ConcurrentTaskRunner
from dataclasses import dataclass, field
from typing import List, TypeVar, Dict, Tuple
try:
    from botocore.exceptions import ClientError
except ImportError:
    pass
import warnings
import os
import sys
from datetime import date
from datetime import datetime
from pytz import timezone
import logging
try:
    import pandas as pd
except ImportError:
    pass
try:
    import boto3
except ImportError:
    pass
try:
    from botocore.config import Config
except ImportError:
    pass
import re
import uuid
import requests
import typing
import tempfile
from urllib.request import urlopen
from io import BytesIO
from zipfile import ZipFile
from shutil import copy
import json
try:
    from botocore.exceptions import ClientError
except ImportError:
    pass
try:
    from prefect_github import GitHubCredentials
except ImportError:
    pass
import hashlib
from urllib.parse import urlparse
from shutil import copy2
from prefect.cache_policies import NO_CACHE
from typing import Union
try:
    ExcelFile = TypeVar('ExcelFile')
except Exception:
    pass
try:
    DataFrame = TypeVar('DataFrame')
except Exception:
    pass
try:
    CheckCCDI = TypeVar('CheckCCDI')
except Exception:
    pass

@dataclass
class GithubAPTendpoint:
    """DataClass"""
    try:
        ccdi_model_recent_release: str = field(default='https://api.github.com/repos/CBIIT/ccdi-model/releases/latest')
    except Exception:
        pass
    try:
        sra_template: str = field(default='https://raw.githubusercontent.com/CBIIT/ChildhoodCancerDataInitiative-CCDI_to_SRAy/main/doc/example_inputs/phsXXXXXX.xlsx')
    except Exception:
        pass
    try:
        ccdi_model_manifest: str = field(default='https://api.github.com/repos/CBIIT/ccdi-model/contents/metadata-manifest/')
    except Exception:
        pass
    try:
        ccdi_tags: str = field(default='https://api.github.com/repos/CBIIT/ccdi-model/tags')
    except Exception:
        pass

class CCDI_Tags(Task):
    """Class that fetches available releases, checks if a release exists,
    and download ccdi manifest of a certain release
    """

class CCDI_DCC_Tags(Task):
    """Class that fetches available releases, checks if a release exists,
    and download ccdi-dcc manifest of a certain release
    """

def get_ccdi_latest_release(*args, **kwargs):
    ...

def dl_sra_template(*args, **kwargs):
    ...

def dl_file_from_url(*args, **kwargs):
    ...

def check_ccdi_version(*args, **kwargs):
    ...

def dl_ccdi_template(*args, **kwargs):
    ...

def get_date(*args, **kwargs):
    ...

def get_time(*args, **kwargs):
    ...

def get_manifest_phs(*args, **kwargs):
    ...

def set_s3_resource(*args, **kwargs):
    ...

def set_s3_session_client(*args, **kwargs):
    ...

def file_dl(*args, **kwargs):
    ...

def file_ul(*args, **kwargs):
    ...

def folder_ul(*args, **kwargs):
    ...

def folder_dl(*args, **kwargs):
    ...

def ccdi_wf_inputs_ul(*args, **kwargs):
    ...

def ccdi_wf_outputs_ul(*args, **kwargs):
    ...

def view_all_s3_objects(*args, **kwargs):
    ...

def identify_data_curation_log_file(*args, **kwargs):
    ...

def markdown_template_updater(*args, **kwargs):
    ...

def markdown_input_task(*args, **kwargs):
    ...

def markdown_output_task(*args, **kwargs):
    ...

def get_logger(*args, **kwargs):
    ...

def excel_sheets_to_dict(*args, **kwargs):
    ...

def ccdi_manifest_to_dict(*args, **kwargs):
    ...

class CheckCCDI:
    """
    A Class that takes ccdi manifest path
    and read sheet into df or extract specific
    study related information
    """

def get_github_credentials(*args, **kwargs):
    ...

def get_github_token(*args, **kwargs):
    ...

def list_to_chunks(*args, **kwargs):
    ...

def parse_file_url(*args, **kwargs):
    ...

def calculate_object_md5sum_new(*args, **kwargs):
    ...

def calculate_single_md5sum_task(*args, **kwargs):
    ...

def calculate_single_size_task(*args, **kwargs):
    ...

def calculate_list_md5sum(*args, **kwargs):
    ...

def calculate_list_md5sum_consecutively(*args, **kwargs):
    ...

def calculate_list_size(*args, **kwargs):
    ...

def extract_dcf_index_single_sheet(*args, **kwargs):
    ...

def extract_dcf_index(*args, **kwargs):
    ...

def combine_dcf_dicts(*args, **kwargs):
    ...

def ccdi_to_dcf_index(*args, **kwargs):
    ...

def get_secret(*args, **kwargs):
    ...

def get_secret_centralized_worker(*args, **kwargs):
    ...

def sanitize_return(*args, **kwargs):
    ...
