# Signatures from github.com/CBIIT/Prefect_demo (src/utils.py at 2cabce95d993): bodies dropped.
try:
    import boto3
except ImportError:
    pass
try:
    from botocore.exceptions import ClientError
except ImportError:
    pass
import os
try:
    from botocore.config import Config
except ImportError:
    pass
from prefect import task, flow
from urllib.parse import urlparse
import json
from prefect import get_run_logger

def set_s3_session_client(*args, **kwargs):
    ...

def parse_file_url(*args, **kwargs):
    ...

def copy_object_parameter(*args, **kwargs):
    ...

def copy_file_in_s3(*args, **kwargs):
    ...

def copy_file_flow(*args, **kwargs):
    ...
