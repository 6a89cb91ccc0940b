# Signatures from github.com/9xxxxxx/meprefect (flows/send_file_to_tjh.py at 9c365e35b96d): bodies dropped.
from utils.asbot import AsBot
from utils.data_process import extractinfo
from config import asbot_config
import hashlib
import time
import uuid
import requests
try:
    import pandas as pd
except ImportError:
    pass
from prefect import task, flow, get_run_logger
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

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

@flow(name='发送寄修数据详细给陶健宏')
def send_file_to_tjh():
    pass
