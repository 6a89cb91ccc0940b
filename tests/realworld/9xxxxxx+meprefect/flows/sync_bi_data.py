# Signatures from github.com/9xxxxxx/meprefect (flows/sync_bi_data.py at 9c365e35b96d): bodies dropped.
import uuid
import requests
try:
    import pandas as pd
except ImportError:
    pass
from datetime import datetime, timedelta
import hashlib
try:
    import numpy as np
except ImportError:
    pass
from utils.asbot import AsBot
try:
    import pymysql
except ImportError:
    pass
from prefect import task, flow, get_run_logger
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

def get_session(*args, **kwargs):
    ...

class Config:
    API_NAME = 'api/vlist/ExecuteQuery'
    QUERY_ID = '38c53a54-813f-a0e0-0000-06f40ebdeca5'
    PAGE_INDEX = 1
    PAGE_SIZE = 5000
    IS_USER_QUERY = True
    IS_PREVIEW = False
    PAGING = True
    CONDITIONS = '[{"name":"new_signedon","val":"60","op":"last-x-days"},{"name":"new_signedon","val":"not-null","op":"not-null"},{"name":"new_signedon","val":"before-today","op":"before-today"}]'
    DB_CONFIG = {'host': 'localhost', 'user': 'LJH', 'password': 'ljhyds666', 'database': 'demo', 'port': 3306}
    TABLE_NAME = 'maintenance_detail_ruiyun'

def generate_sign(*args, **kwargs):
    ...

def get_url(*args, **kwargs):
    ...

def get_data(*args, **kwargs):
    ...

def get_list(*args, **kwargs):
    ...

def process_data(*args, **kwargs):
    ...

def save_to_mysql(*args, **kwargs):
    ...

@flow(name='同步瑞云最近60天数据到数据库')
def sync_bi_data_flow():
    pass
