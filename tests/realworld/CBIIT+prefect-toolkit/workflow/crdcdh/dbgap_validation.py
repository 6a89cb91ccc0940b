# Signatures from github.com/CBIIT/prefect-toolkit (workflow/crdcdh/dbgap_validation.py at 5705f799ca7b): bodies dropped.
from prefect import flow, task, get_run_logger
from prefect.artifacts import create_markdown_artifact
from src.commons.utils import get_time
from src.crdcdh.dh_mongodb import DataHubMongoDB
from src.commons.dbgap_sstr import SstrHaul
from typing import TypeVar
try:
    import pandas as pd
except ImportError:
    pass
try:
    DataFrame = TypeVar('DataFrame')
except Exception:
    pass

def dbgap_validation_md(*args, **kwargs):
    ...

def find_ptc_not_in_dbGaP(*args, **kwargs):
    ...

def find_ptc_not_in_db(*args, **kwargs):
    ...

def find_db_ptc_consent_zero(*args, **kwargs):
    ...

def find_sample_not_in_dbgap(*args, **kwargs):
    ...

def find_sample_not_in_db(*args, **kwargs):
    ...

def sample_ptc_check(*args, **kwargs):
    ...

def metadata_validation_str(*args, **kwargs):
    ...

@flow(name='Data Hub metadata validation against dbGaP', log_prints=True, flow_run_name=f'datahub-metadata-validation-{get_time()}')
def validation_against_dbgap(submission_id: str) -> None:
    pass
