# Signatures from github.com/zzstoatzz/my-prefect-server (flows/transform.py at 45230a7ecda1): bodies dropped.
import subprocess
from pathlib import Path
from prefect import flow, get_run_logger
try:
    ANALYTICS_DIR = Path(__file__).parent.parent / 'analytics'
except Exception:
    pass

@flow(name='transform', log_prints=True)
def transform():
    pass
