# Signatures from github.com/9xxxxxx/meprefect (flows/send_checkgroup_efficiency.py at 9c365e35b96d): bodies dropped.
from typing import Any
import requests
import time
import uuid
import hashlib
try:
    import pandas as pd
except ImportError:
    pass
from datetime import date
import json
from datetime import datetime
from prefect import task, flow, get_run_logger
from utils.asbot import AsBot

def generate_requrl(*args, **kwargs):
    ...

def fetch_api_data(*args, **kwargs):
    ...

def extract_need_data(*args, **kwargs):
    ...

def get_cg_efficiency_data(*args, **kwargs):
    ...

def process_checkgroup_efficiency_data(*args, **kwargs):
    ...

def build_chart_data(*args, **kwargs):
    ...

def build_card_message(*args, **kwargs):
    ...

@flow(name='发送分拣时效数据')
def send_checkgroup_efficiency_flow():
    pass
