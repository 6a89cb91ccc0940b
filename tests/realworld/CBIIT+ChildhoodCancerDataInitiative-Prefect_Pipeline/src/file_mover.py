# Signatures from github.com/CBIIT/ChildhoodCancerDataInitiative-Prefect_Pipeline (src/file_mover.py at fe08600b7008): bodies dropped.
import os
from src.utils import CheckCCDI, set_s3_session_client, get_logger, get_date, get_time, calculate_object_md5sum_new, file_ul
try:
    from botocore.exceptions import ClientError, ReadTimeoutError, ConnectTimeoutError, ResponseStreamingError
except ImportError:
    pass
from urllib.parse import urlparse
from shutil import copy
try:
    import numpy as np
except ImportError:
    pass
try:
    import pandas as pd
except ImportError:
    pass
import json
from prefect import flow, task, get_run_logger
from prefect.task_runners import ConcurrentTaskRunner
from prefect.cache_policies import NO_CACHE
from typing import TypeVar
import ast
from concurrent.futures import ThreadPoolExecutor, as_completed
import time
try:
    DataFrame = TypeVar('DataFrame')
except Exception:
    pass

def parse_file_url(*args, **kwargs):
    ...

def copy_object_parameter(*args, **kwargs):
    ...

def dest_object_url(*args, **kwargs):
    ...

def copy_large_file(*args, **kwargs):
    ...

def copy_file_by_size(*args, **kwargs):
    ...

def copy_file_task(*args, **kwargs):
    ...

def copy_file_flow(*args, **kwargs):
    ...

def compare_md5sum_task(*args, **kwargs):
    ...

def compare_md5sum_flow(*args, **kwargs):
    ...

def add_md5sum_results(*args, **kwargs):
    ...

def list_to_chunks(*args, **kwargs):
    ...

def int_results_recorder(*args, **kwargs):
    ...

def move_manifest_files(*args, **kwargs):
    ...
