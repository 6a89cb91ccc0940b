# Signatures from github.com/9MRTAE/ingest_gcp_postgresql (tasks/tasks_gcp.py at 158a1d21a10d): bodies dropped.
from __future__ import annotations
try:
    import pandas as pd
except ImportError:
    pass
from prefect import task
from prefect.logging import get_run_logger
from config import GCP_BUCKET_APPLICATION
from tasks.main_components_gcp import ExtractSourceData, LoadSourceData, TransformData

def extract(*args, **kwargs):
    ...

def transform(*args, **kwargs):
    ...

def load(*args, **kwargs):
    ...
