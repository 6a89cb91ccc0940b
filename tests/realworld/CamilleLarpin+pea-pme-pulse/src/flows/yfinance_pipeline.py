# Signatures from github.com/CamilleLarpin/pea-pme-pulse (src/flows/yfinance_pipeline.py at 8e0327b6252c): bodies dropped.
import os
import sys
import tempfile
from pathlib import Path
try:
    _gcp_creds_json = os.environ.get('GOOGLE_APPLICATION_CREDENTIALS_JSON')
except Exception:
    pass
from prefect import flow, get_run_logger
try:
    from flows.bronze_yfinance_ohlcv import yfinance_ohlcv_flow
except ImportError:
    pass
try:
    from flows.silver_yfinance_ohlcv import dbt_deps, dbt_run_company_scores, dbt_run_stocks_score, dbt_run_yahoo_ohlcv_clean, yfinance_silver_compute
except ImportError:
    pass

@flow(name='yfinance-ohlcv-pipeline')
def yfinance_ohlcv_pipeline_flow(full_refresh: bool=False) -> None:
    pass
