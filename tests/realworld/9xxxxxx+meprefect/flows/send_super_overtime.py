# Signatures from github.com/9xxxxxx/meprefect (flows/send_super_overtime.py at 9c365e35b96d): bodies dropped.
from prefect import task, flow
import hashlib
import time
import uuid
import requests
try:
    import pandas as pd
except ImportError:
    pass
import json
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry
from datetime import datetime, timedelta
from utils import asbot
from config import asbot_config

def get_session(*args, **kwargs):
    ...

def generate_requrl(*args, **kwargs):
    ...

def fetch_api_data(*args, **kwargs):
    ...

def extract_need_data(*args, **kwargs):
    ...

def get_sf_data(*args, **kwargs):
    ...

@flow(name='发送寄修严重超时数据')
def send_data_flow():
    pass
