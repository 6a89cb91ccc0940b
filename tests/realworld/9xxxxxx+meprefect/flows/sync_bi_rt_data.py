# Signatures from github.com/9xxxxxx/meprefect (flows/sync_bi_rt_data.py at 9c365e35b96d): bodies dropped.
from prefect import flow, task, get_run_logger
import hashlib
import time
import uuid
from datetime import datetime
from sqlalchemy import create_engine
import requests
try:
    import pandas as pd
except ImportError:
    pass
from utils.asbot import AsBot
import os
import sys
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry
os.environ['PYTHONIOENCODING'] = 'utf-8'

def safe_log(*args, **kwargs):
    ...

def get_session(*args, **kwargs):
    ...

def generate_url(*args, **kwargs):
    ...

def fetch_api_data(*args, **kwargs):
    ...

def extract_fields(*args, **kwargs):
    ...

def get_all_data(*args, **kwargs):
    ...

@flow(name='同步瑞云2小时实时数据')
def sync_rt_data_flow():
    pass
