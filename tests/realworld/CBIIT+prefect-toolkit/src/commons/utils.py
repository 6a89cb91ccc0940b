# Signatures from github.com/CBIIT/prefect-toolkit (src/commons/utils.py at 5705f799ca7b): bodies dropped.
from datetime import datetime, date
from pytz import timezone
try:
    import boto3
except ImportError:
    pass
import json
try:
    from botocore.exceptions import ClientError
except ImportError:
    pass
from typing import TypeVar
try:
    import pandas as pd
except ImportError:
    pass
import logging
import os
try:
    from botocore.config import Config
except ImportError:
    pass
from urllib.parse import urlparse
try:
    DataFrame = TypeVar('DataFrame')
except Exception:
    pass

def get_time(*args, **kwargs):
    ...

def get_date(*args, **kwargs):
    ...

def get_secret(*args, **kwargs):
    ...

def get_logger(*args, **kwargs):
    ...

class ReadSubmTsv:
    """A Class to access tsv file and model associated info"""

class AwsUtils:
    pass
