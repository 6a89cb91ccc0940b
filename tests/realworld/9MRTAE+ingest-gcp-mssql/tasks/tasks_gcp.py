# Signatures from github.com/9MRTAE/ingest-gcp-mssql (tasks/tasks_gcp.py at 4c93615dc0bd): bodies dropped.
from __future__ import annotations
try:
    import pandas as pd
except ImportError:
    pass
from prefect import task
from prefect.logging import get_run_logger
from tasks.main_components_gcp import ExtractSourceData, LoadSourceData, TransformData

def extract(*args, **kwargs):
    ...

def transform(*args, **kwargs):
    ...

def load(*args, **kwargs):
    ...
