# Signatures from github.com/CamilleLarpin/pea-pme-pulse (src/flows/bronze_abcbourse_rss.py at 8e0327b6252c): bodies dropped.
import os
import sys
import tempfile
from pathlib import Path
try:
    import pandas as pd
except ImportError:
    pass
from prefect import flow, get_run_logger, task
try:
    _gcp_creds_json = os.environ.get('GOOGLE_APPLICATION_CREDENTIALS_JSON')
except Exception:
    pass
try:
    REFERENTIEL_PATH = Path(__file__).parent.parent.parent / os.environ.get('GCS_SOURCE_REFERENTIEL')
except Exception:
    pass

def task_load_local_db(*args, **kwargs):
    ...

def task_import_rss(*args, **kwargs):
    ...

def task_save_local_db(*args, **kwargs):
    ...

def task_filter_fuzzy(*args, **kwargs):
    ...

def task_upload_gcs(*args, **kwargs):
    ...

def task_load_bq(*args, **kwargs):
    ...

@flow(name='bronze-abcbourse-rss')
def abcbourse_rss_flow():
    """
    Main orchestration flow for ABC Bourse RSS ingestion.
    """
    pass
