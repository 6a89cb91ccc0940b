# Signatures from github.com/CBIIT/ChildhoodCancerDataInitiative-Prefect_Pipeline (src/read_buckets.py at fe08600b7008): bodies dropped.
from prefect import flow, task
from prefect.artifacts import create_markdown_artifact
from typing import Dict, TypeVar
import os
try:
    import pandas as pd
except ImportError:
    pass
import humanize
import time
from src.utils import get_time, set_s3_session_client
try:
    DataFrame = TypeVar('DataFrame')
except Exception:
    pass

def extract_obj_info(*args, **kwargs):
    ...

def count_df(*args, **kwargs):
    ...

def paginate_parameter(*args, **kwargs):
    ...

def read_bucket_content(*args, **kwargs):
    ...

def single_bucket_content_str(*args, **kwargs):
    ...

def bucket_reader_md(*args, **kwargs):
    ...
