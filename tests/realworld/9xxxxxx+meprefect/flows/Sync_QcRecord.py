# Signatures from github.com/9xxxxxx/meprefect (flows/Sync_QcRecord.py at 9c365e35b96d): bodies dropped.
import requests
import time
import uuid
import hashlib
try:
    import pandas as pd
except ImportError:
    pass
from sqlalchemy import create_engine
import json
from datetime import datetime, timedelta, UTC
import re
from prefect import get_run_logger, task, flow
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

def clean_string(*args, **kwargs):
    ...

def get_time_interverl_condition(*args, **kwargs):
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

@flow(name='同步昨日寄修质检记录到数据库')
def sync_qcrecord_data_flow():
    pass
