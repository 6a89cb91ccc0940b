# Signatures from github.com/9MRTAE/ingest-gcp-mssql (registries/_loader.py at 4c93615dc0bd): bodies dropped.
from __future__ import annotations
from pathlib import Path
try:
    _SQL_DIR = Path(__file__).parent.parent / 'sql'
except Exception:
    pass

def load_sql(*args, **kwargs):
    ...
