# Signatures from github.com/9MRTAE/ingest_gcp_postgresql (flows/ingest_gcp_postgresql_ivote_ivote_api_prd.py at 158a1d21a10d): bodies dropped.
from __future__ import annotations
import argparse
from prefect import flow
from prefect.logging import get_run_logger
from config_flows import DB_TYPE, JOB_BACKDATE, JOB_ENDDATE, JOB_STARTDATE, PLATFORM
from config import GCP_BUCKET_APPLICATION
from tasks.tasks_gcp import extract, load, transform
DB_NAME = 'ivote_ivote_api_prd'
GCS_APPLICATION = 'ivote'
FLOW_NAME = f'ingest_{PLATFORM}_{DB_TYPE}_{DB_NAME}'
TABLE_REGISTRY: dict[str, dict] = {'agenda': {'p_createdate': 'created_time', 'p_updatedate': 'updated_time'}, 'alembic_version': {'p_createdate': '', 'p_updatedate': ''}, 'co_owner': {'p_createdate': 'created_time', 'p_updatedate': 'updated_time'}, 'committee_project': {'p_createdate': 'created_time', 'p_updatedate': 'updated_time'}, 'committee': {'p_createdate': 'created_time', 'p_updatedate': 'updated_time'}, 'consent_vote': {'p_createdate': 'created_time', 'p_updatedate': 'updated_time'}, 'identity_verification': {'p_createdate': 'created_time', 'p_updatedate': 'updated_time'}, 'meeting_channel': {'p_createdate': 'created_time', 'p_updatedate': 'updated_time'}, 'meeting_status': {'p_createdate': 'created_time', 'p_updatedate': 'updated_time'}, 'meeting_type': {'p_createdate': 'created_time', 'p_updatedate': 'updated_time'}, 'meeting': {'p_createdate': 'created_time', 'p_updatedate': 'updated_time'}, 'organization_projects': {'p_createdate': 'created_time', 'p_updatedate': 'updated_time'}, 'organization_type': {'p_createdate': 'created_time', 'p_updatedate': 'updated_time'}, 'organizations': {'p_createdate': 'created_time', 'p_updatedate': 'updated_time'}, 'otps': {'p_createdate': 'created_time', 'p_updatedate': 'updated_time'}, 'postals': {'p_createdate': 'created_time', 'p_updatedate': 'updated_time'}, 'project_type': {'p_createdate': 'created_time', 'p_updatedate': 'updated_time'}, 'projects': {'p_createdate': 'created_time', 'p_updatedate': 'updated_time'}, 'proxy': {'p_createdate': 'created_time', 'p_updatedate': 'updated_time'}, 'resident_users': {'p_createdate': 'created_time', 'p_updatedate': 'updated_time'}, 'roles': {'p_createdate': 'created_time', 'p_updatedate': 'updated_time'}, 'setting_agenda': {'p_createdate': 'created_time', 'p_updatedate': 'updated_time'}, 'unit_project': {'p_createdate': 'created_time', 'p_updatedate': 'updated_time'}, 'user_projects': {'p_createdate': 'created_time', 'p_updatedate': 'updated_time'}, 'user_roles': {'p_createdate': 'created_time', 'p_updatedate': 'updated_time'}, 'users_consent': {'p_createdate': 'created_time', 'p_updatedate': 'updated_time'}, 'users': {'p_createdate': 'created_time', 'p_updatedate': 'updated_time'}, 'vote_method_custom': {'p_createdate': 'created_time', 'p_updatedate': 'updated_time'}, 'vote_method': {'p_createdate': 'created_time', 'p_updatedate': 'updated_time'}, 'vote_next_number': {'p_createdate': 'created_time', 'p_updatedate': 'updated_time'}, 'vote_slip_unit': {'p_createdate': 'created_time', 'p_updatedate': 'updated_time'}, 'vote_slip': {'p_createdate': 'created_time', 'p_updatedate': 'updated_time'}, 'vote_type': {'p_createdate': 'created_time', 'p_updatedate': 'updated_time'}, 'vote': {'p_createdate': 'created_time', 'p_updatedate': 'updated_time'}}

@flow(name=FLOW_NAME, log_prints=True)
def ingest_gcp_postgresql_ivote_ivote_api_prd(TABLE_NAME: str='', JOB_BACKDATE_DEPEN: str=JOB_BACKDATE, JOB_STARTDATE_DEPEN: str=JOB_STARTDATE, JOB_ENDDATE_DEPEN: str=JOB_ENDDATE) -> dict[str, str]:
    """Ingest tables from ivote_ivote_api_prd → GCS Data Lake.

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
