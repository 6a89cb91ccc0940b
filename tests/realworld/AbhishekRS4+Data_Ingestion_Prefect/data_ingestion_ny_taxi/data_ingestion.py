# Signatures from github.com/AbhishekRS4/Data_Ingestion_Prefect (data_ingestion_ny_taxi/data_ingestion.py at f82c7b60259e): bodies dropped.
import os
import logging
import argparse
try:
    import numpy as np
except ImportError:
    pass
try:
    import pandas as pd
except ImportError:
    pass
import urllib.request
from prefect import task, flow
from config import DataDownloaderConfig

def create_dir(*args, **kwargs):
    ...

def download(*args, **kwargs):
    ...

def load_df_month(*args, **kwargs):
    ...

def merge_save_large_df(*args, **kwargs):
    ...

@flow(log_prints=True)
def data_ingestion_flow() -> None:
    pass
