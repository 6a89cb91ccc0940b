# Signatures from github.com/9MRTAE/ingest_gcp_postgresql (flows/ingest_gcp_postgresql_role_api_prd.py at 158a1d21a10d): bodies dropped.
from __future__ import annotations
import argparse
from prefect import flow, get_run_logger
from config_flows import DB_TYPE, JOB_BACKDATE, JOB_ENDDATE, JOB_STARTDATE, PLATFORM
from config import GCP_BUCKET_APPLICATION
from tasks.tasks_gcp import extract, load, transform
DB_NAME = 'role_api_prd'
GCS_APPLICATION = 'residentpermission'
FLOW_NAME = f'ingest_{PLATFORM}_{DB_TYPE}_{DB_NAME}'
TABLE_REGISTRY: dict[str, dict] = {'UnitPermissionQr': {'p_createdate': 'CreateDate', 'p_updatedate': 'CreateDate'}, 'UnitProductPermission': {'p_createdate': 'CreateDate', 'p_updatedate': 'CreateDate'}}

@flow(name=FLOW_NAME, log_prints=True)
def ingest_gcp_postgresql_role_api_prd(TABLE_NAME: str='', JOB_BACKDATE_DEPEN: str=JOB_BACKDATE, JOB_STARTDATE_DEPEN: str=JOB_STARTDATE, JOB_ENDDATE_DEPEN: str=JOB_ENDDATE) -> dict[str, str]:
    """Ingest tables from role_api_prd → GCS Data Lake.

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
