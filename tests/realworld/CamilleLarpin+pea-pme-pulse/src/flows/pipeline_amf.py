# Signatures from github.com/CamilleLarpin/pea-pme-pulse (src/flows/pipeline_amf.py at 8e0327b6252c): bodies dropped.
from __future__ import annotations
import sys
from pathlib import Path
from prefect import flow, get_run_logger, task
try:
    from flows.bronze_amf_flux import amf_flux_flow
except ImportError:
    pass
try:
    from flows.silver_amf import amf_financial_signal_silver_flow
except ImportError:
    pass
try:
    from flows.utils.dbt import _dbt_deps, _log_dbt_output, _run_dbt_cmd
except ImportError:
    pass
try:
    DBT_PROJECT_DIR = Path(__file__).parent.parent.parent / 'dbt'
except Exception:
    pass

def dbt_run_financials_score_task(*args, **kwargs):
    ...

def dbt_test_financials_score_task(*args, **kwargs):
    ...

@flow(name='amf-financial-signal-pipeline', description='Full AMF pipeline: bronze → silver → gold')
def amf_financial_signal_pipeline_flow(full_refresh: bool=False, run_tests: bool=True) -> None:
    pass
