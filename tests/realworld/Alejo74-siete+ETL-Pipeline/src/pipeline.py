# Signatures from github.com/Alejo74-siete/ETL-Pipeline (src/pipeline.py at da99c9460c44): bodies dropped.
import os
from pathlib import Path
from datetime import datetime, UTC
from typing import Optional
try:
    import pandas as pd
except ImportError:
    pass
from dotenv import load_dotenv
from prefect import flow, task, get_run_logger
try:
    from production_tools.clean_productiondata import clean_productiondata
except ImportError:
    pass
try:
    from production_tools.qc_checks import run_qc_raw, qc_raw_report, run_qc_checks, format_qc_table
except ImportError:
    pass
from notifier import send_email_report
from storage import get_engine
from utils import ensure_folders, archive_file
engine = None
try:
    engine = get_engine()
except Exception:
    engine = None

def list_csv_files(*args, **kwargs):
    ...

def read_csv(*args, **kwargs):
    ...

def run_raw_qc_task(*args, **kwargs):
    ...

def clean_df_task(*args, **kwargs):
    ...

def run_clean_qc_task(*args, **kwargs):
    ...

def upload_to_postgres_task(*args, **kwargs):
    ...

def archive_task(*args, **kwargs):
    ...

@flow(name='production_etl_flow')
def production_etl_flow(watch_folder: Optional[str]=None, processed_folder: Optional[str]=None, table_name: Optional[str]=None):
    """
    ETL flow for production data.

    Args:
        watch_folder: Folder to watch for CSV files
            (defaults to env var or 'demo_data')
        processed_folder: Folder to archive processed files
            (defaults to env var or 'processed_csv')
        table_name: Database table name
            (defaults to env var or 'production_clean')
    """
    pass
