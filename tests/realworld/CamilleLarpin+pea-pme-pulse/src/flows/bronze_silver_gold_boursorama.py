# Signatures from github.com/CamilleLarpin/pea-pme-pulse (src/flows/bronze_silver_gold_boursorama.py at 8e0327b6252c): bodies dropped.
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from prefect import flow, get_run_logger, task
try:
    _gcp_creds_json = os.environ.get('GOOGLE_APPLICATION_CREDENTIALS_JSON')
except Exception:
    pass
try:
    from flows.bronze_boursorama import bronze_boursorama_flow
except ImportError:
    pass
try:
    DBT_PROJECT_DIR = Path(__file__).parent.parent.parent / 'dbt'
except Exception:
    pass
GCP_PROJECT = 'bootcamp-project-pea-pme'

def _build_profiles(*args, **kwargs):
    ...

def _run_dbt(*args, **kwargs):
    ...

def dbt_run_silver_companies(*args, **kwargs):
    ...

def dbt_run_gold_companies(*args, **kwargs):
    ...

@flow(name='bronze-silver-gold-boursorama')
def bronze_silver_gold_boursorama_flow() -> None:
    pass
