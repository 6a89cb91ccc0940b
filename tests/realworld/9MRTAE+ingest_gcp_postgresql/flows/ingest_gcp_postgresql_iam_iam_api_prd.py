# Signatures from github.com/9MRTAE/ingest_gcp_postgresql (flows/ingest_gcp_postgresql_iam_iam_api_prd.py at 158a1d21a10d): bodies dropped.
from __future__ import annotations
import argparse
from prefect import flow, get_run_logger
from config_flows import DB_TYPE, JOB_BACKDATE, JOB_ENDDATE, JOB_STARTDATE, PLATFORM
from config import GCP_BUCKET_APPLICATION
from tasks.tasks_gcp import extract, load, transform
DB_NAME = 'iam_iam_api_prd'
GCS_APPLICATION = 'pmsmanagement'
FLOW_NAME = f'ingest_{PLATFORM}_{DB_TYPE}_{DB_NAME}'
TABLE_REGISTRY: dict[str, dict] = {'companies': {'p_createdate': 'created_at', 'p_updatedate': 'updated_at'}, 'companies_projects': {'p_createdate': 'created_at', 'p_updatedate': 'created_at'}, 'companies_projects_logs': {'p_createdate': 'created_at', 'p_updatedate': 'created_at'}, 'company_audit_logs': {'p_createdate': 'created_at', 'p_updatedate': 'created_at'}, 'feature_groups': {'p_createdate': 'created_at', 'p_updatedate': 'updated_at'}, 'features': {'p_createdate': 'created_at', 'p_updatedate': 'updated_at'}, 'invitation_companies': {'p_createdate': 'responded_at', 'p_updatedate': 'responded_at'}, 'invitation_projects': {'p_createdate': 'responded_at', 'p_updatedate': 'responded_at'}, 'invitations': {'p_createdate': 'created_at', 'p_updatedate': 'created_at'}, 'module_permissions': {'p_createdate': 'created_at', 'p_updatedate': 'updated_at'}, 'modules': {'p_createdate': 'created_at', 'p_updatedate': 'updated_at'}, 'password_resets': {'p_createdate': 'created_at', 'p_updatedate': 'created_at'}, 'profiles': {'p_createdate': 'created_at', 'p_updatedate': 'updated_at'}, 'project_audit_logs': {'p_createdate': 'created_at', 'p_updatedate': 'created_at'}, 'project_features': {'p_createdate': 'created_at', 'p_updatedate': 'updated_at'}, 'projects': {'p_createdate': 'created_at', 'p_updatedate': 'updated_at'}, 'role_permissions': {'p_createdate': 'created_at', 'p_updatedate': 'created_at'}, 'roles': {'p_createdate': 'created_at', 'p_updatedate': 'updated_at'}, 'user_roles': {'p_createdate': 'created_at', 'p_updatedate': 'updated_at'}, 'user_signups': {'p_createdate': 'created_at', 'p_updatedate': 'created_at'}, 'users': {'p_createdate': 'created_at', 'p_updatedate': 'updated_at'}}

@flow(name=FLOW_NAME, log_prints=True)
def ingest_gcp_postgresql_iam_iam_api_prd(TABLE_NAME: str='', JOB_BACKDATE_DEPEN: str=JOB_BACKDATE, JOB_STARTDATE_DEPEN: str=JOB_STARTDATE, JOB_ENDDATE_DEPEN: str=JOB_ENDDATE) -> dict[str, str]:
    """Ingest tables from iam_iam_api_prd → GCS Data Lake.

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
