# Signatures from github.com/9xxxxxx/meprefect (flows/Sync_ExChange_Components.py at 9c365e35b96d): bodies dropped.
from prefect import task, flow, get_run_logger
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
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

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

def get_ExChange_Compo_data(*args, **kwargs):
    ...

@flow(name='同步寄修昨日更换件配件明细数据到数据库')
def sync_exchange_components_flow():
    pass
