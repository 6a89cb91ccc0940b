# Signatures from github.com/CBIIT/ChildhoodCancerDataInitiative-Prefect_Pipeline (src/gdc_utils.py at fe08600b7008): bodies dropped.
from prefect import flow, task, get_run_logger
import sys
try:
    import pandas as pd
except ImportError:
    pass
import json
import requests
import time
from src.utils import get_time, file_dl, folder_ul, get_secret

def make_request(*args, **kwargs):
    ...

def retrieve_current_nodes(*args, **kwargs):
    ...
