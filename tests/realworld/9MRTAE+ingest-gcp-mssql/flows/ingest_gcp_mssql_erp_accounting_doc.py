# Signatures from github.com/9MRTAE/ingest-gcp-mssql (flows/ingest_gcp_mssql_erp_accounting_doc.py at 4c93615dc0bd): bodies dropped.
from __future__ import annotations
import argparse
from prefect import flow
from prefect.logging import get_run_logger
from config_flows import DB_TYPE, JOB_BACKDATE, JOB_ENDDATE, JOB_STARTDATE, PLATFORM
from registries.registry_erp import TABLE_REGISTRY
from tasks.tasks_gcp import extract, load, transform
DOMAIN = 'accounting_doc'
DB_NAME = 'ERP'
GCS_APPLICATION = 'gcp-ingest-mssql'
FLOW_NAME = f'ingest_{PLATFORM}_{DB_TYPE}_{DB_NAME}_{DOMAIN}'

@flow(name=FLOW_NAME, log_prints=True)
def ingest_gcp_mssql_erp_accounting_doc(TABLE_NAME: str='', JOB_BACKDATE_DEPEN: str=JOB_BACKDATE, JOB_STARTDATE_DEPEN: str=JOB_STARTDATE, JOB_ENDDATE_DEPEN: str=JOB_ENDDATE) -> dict[str, str]:
    """Ingest ERP tables (domain: accounting_doc) → GCS Data Lake (path: gcp-ingest-mssql/).

    Parameters
    ----------
    TABLE_NAME : str
        ว่าง = รันทุก table (normal run)
        ระบุชื่อ = repair mode สำหรับ table นั้น
    JOB_BACKDATE_DEPEN : str
        Backdate offset (negative int). '-1' = ใช้ default จาก config
    JOB_STARTDATE_DEPEN / JOB_ENDDATE_DEPEN : str
        ระบุช่วงวันที่ (YYYY-MM-DD) สำหรับ backfill
    """
    pass
