# Signatures from github.com/CamilleLarpin/pea-pme-pulse (src/flows/silver_insider_parser.py at 8e0327b6252c): bodies dropped.
import io
import json
import os
import re
import time
from datetime import datetime
from typing import Any
try:
    import pdfplumber
except ImportError:
    pass
import requests
try:
    from google.cloud import bigquery
except ImportError:
    pass
try:
    from groq import Groq
except ImportError:
    pass
from prefect import flow, get_run_logger, task
try:
    GCP_PROJECT = os.getenv('GCP_PROJECT_ID', 'bootcamp-project-pea-pme')
except Exception:
    pass
try:
    DATASET_BRONZE = os.getenv('BQ_DATASET_BRONZE', 'bronze')
except Exception:
    pass
try:
    DATASET_SILVER = os.getenv('BQ_DATASET_SILVER', 'silver')
except Exception:
    pass
TABLE_AMF_RAW = 'amf'
TABLE_AMF_SIGNALS = 'amf_insider_signals'

def load_pending_docs(*args, **kwargs):
    ...

def extract_pdf_text(*args, **kwargs):
    ...

def parse_signals_with_ai(*args, **kwargs):
    ...

def validate_signals(*args, **kwargs):
    ...

def upload_to_bigquery(*args, **kwargs):
    ...

@flow(name='silver-amf-insider-parser')
def amf_insider_parser_flow() -> None:
    """
    Orchestration flow for parsing AMF Insider Trading documents.
    Pipeline: Identify Pending Docs -> Extract PDF -> AI Extraction -> Validation -> BQ Sync.
    """
    pass
