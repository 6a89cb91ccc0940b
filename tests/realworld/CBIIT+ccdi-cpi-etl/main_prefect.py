# Signatures from github.com/CBIIT/ccdi-cpi-etl (main_prefect.py at 9a78dd85712a): bodies dropped.
import json
import os
import re
try:
    import networkx as nx
except ImportError:
    pass
try:
    import pymysql
except ImportError:
    pass
from datetime import datetime
from zoneinfo import ZoneInfo
try:
    import boto3
except ImportError:
    pass
from prefect import flow, task, get_run_logger
try:
    DB_SECRET_NAME = os.getenv('DB_SECRET_NAME', 'ccdi-dev-cpi-mysql')
except Exception:
    pass
try:
    SNS_TOPIC_ARN = os.getenv('SNS_TOPIC_ARN', 'arn:aws:sns:us-east-1:893214465464:etl-notification')
except Exception:
    pass
try:
    S3_BUCKET = os.getenv('S3_BUCKET', 'ccdi-nonprod-cpi-source-data')
except Exception:
    pass
try:
    _VERSION_PATTERN = re.compile('^v(?P<major>\\d+)\\.(?P<minor>\\d+)$')
except Exception:
    pass

def _increment_version(*args, **kwargs):
    ...

def get_mysql_credentials(*args, **kwargs):
    ...

def notify_completion(*args, **kwargs):
    ...

def read_data_from_db(*args, **kwargs):
    ...

def get_relationships(*args, **kwargs):
    ...

def format_output(*args, **kwargs):
    ...

def write_json_file(*args, **kwargs):
    ...

def upload_to_s3(*args, **kwargs):
    ...

def update_participants_from_json(*args, **kwargs):
    ...

def update_statistics(*args, **kwargs):
    ...

@flow(name='cpi-etl-pipeline', log_prints=True)
def cpi_etl_pipeline():
    """CPI ETL: read DB → build graph → write JSON → S3 → update DB → statistics."""
    pass
