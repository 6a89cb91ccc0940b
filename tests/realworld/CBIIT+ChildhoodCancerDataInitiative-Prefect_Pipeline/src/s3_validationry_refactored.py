# Signatures from github.com/CBIIT/ChildhoodCancerDataInitiative-Prefect_Pipeline (src/s3_validationry_refactored.py at fe08600b7008): bodies dropped.
from prefect import flow, task, get_run_logger, unmapped
import os
try:
    import pandas as pd
except ImportError:
    pass
from datetime import date
import sys
try:
    import numpy as np
except ImportError:
    pass
import warnings
import re
from src.utils import set_s3_session_client, get_time, get_date, CheckCCDI, CCDI_DCC_Tags
try:
    from bento_mdf import MDFReader
except ImportError:
    pass
from src.file_mover import parse_file_url
try:
    from botocore.exceptions import ClientError
except ImportError:
    pass
from prefect.task_runners import ConcurrentTaskRunner
from prefect import unmapped
from typing import TypeVar
from importlib.metadata import version
try:
    DataFrame = TypeVar('DataFrame')
except Exception:
    pass

def if_string_float(*args, **kwargs):
    ...

def if_string_int(*args, **kwargs):
    ...

def if_template_valid(*args, **kwargs):
    ...

class ModelParser:
    """A higher level wrapper of MDFReader class from bento-mdf that offers direct and easy access to model features"""

def cleanup_manifest_nodes(*args, **kwargs):
    ...

def validate_required_properties_one_sheet(*args, **kwargs):
    ...

def validate_required_properties(*args, **kwargs):
    ...

def validate_whitespace_one_sheet(*args, **kwargs):
    ...

def validate_whitespace(*args, **kwargs):
    ...

def validate_terms_value_sets_one_sheet(*args, **kwargs):
    ...

def validate_terms_value_sets(*args, **kwargs):
    ...

def validate_integer_numeric_checks_one_sheet(*args, **kwargs):
    ...

def validate_integer_numeric_checks(*args, **kwargs):
    ...

def validate_regex_one_sheet(*args, **kwargs):
    ...

def validate_regex(*args, **kwargs):
    ...

def validate_age_one_sheet(*args, **kwargs):
    ...

def validate_age(*args, **kwargs):
    ...

def validate_proband_in_family(*args, **kwargs):
    ...

def validate_unique_key_one_sheet(*args, **kwargs):
    ...

def validate_unique_key(*args, **kwargs):
    ...

def validate_unique_key_across_study(*args, **kwargs):
    ...

def extract_object_file_meta(*args, **kwargs):
    ...

def check_file_size_zero(*args, **kwargs):
    ...

def check_file_md5sum_regex(*args, **kwargs):
    ...

def check_file_basename(*args, **kwargs):
    ...

def check_file_extension_type_match(*args, **kwargs):
    ...

def count_buckets(*args, **kwargs):
    ...

def check_buckets_access(*args, **kwargs):
    ...

def validate_single_manifest_obj_in_bucket(*args, **kwargs):
    ...

def validate_bucket_objs_in_manifest(*args, **kwargs):
    ...

def validate_objs_loc_size(*args, **kwargs):
    ...

def validate_file_metadata(*args, **kwargs):
    ...

def validate_unique_guid_str(*args, **kwargs):
    ...

def validate_unique_guid(*args, **kwargs):
    ...

def validate_bucket_content(*args, **kwargs):
    ...

def validate_cross_links_single_sheet(*args, **kwargs):
    ...

def validate_cross_links(*args, **kwargs):
    ...

def validate_key_id_single_sheet(*args, **kwargs):
    ...

def validate_key_id(*args, **kwargs):
    ...

def validate_acl_authz_single_sheet(*args, **kwargs):
    ...

def validate_acl_authz(*args, **kwargs):
    ...

def validate_acl_authz(*args, **kwargs):
    ...

def ValidationRy_new(*args, **kwargs):
    ...

def header_str(*args, **kwargs):
    ...
