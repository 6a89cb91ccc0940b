# Signatures from github.com/9MRTAE/ingest_gcp_postgresql (flows/ingest_gcp_postgresql_facility_management_api_prd.py at 158a1d21a10d): bodies dropped.
from __future__ import annotations
import argparse
from prefect import flow
from prefect.logging import get_run_logger
from config_flows import DB_TYPE, JOB_BACKDATE, JOB_ENDDATE, JOB_STARTDATE, PLATFORM
from config import GCP_BUCKET_APPLICATION
from tasks.tasks_gcp import extract, load, transform
DB_NAME = 'facility_management_api_prd'
GCS_APPLICATION = 'facilityv2'
FLOW_NAME = f'ingest_{PLATFORM}_{DB_TYPE}_{DB_NAME}'
TABLE_REGISTRY: dict[str, dict] = {'alembic_version': {'p_createdate': '', 'p_updatedate': ''}, 'booking_no': {'p_createdate': 'created_date', 'p_updatedate': 'updated_date'}, 'booking_slot_history': {'p_createdate': 'created_date', 'p_updatedate': 'updated_date'}, 'bookings': {'p_createdate': 'created_date', 'p_updatedate': 'updated_date'}, 'customer_info': {'p_createdate': 'created_date', 'p_updatedate': 'updated_date'}, 'facility_item_operate_settings': {'p_createdate': 'created_date', 'p_updatedate': 'updated_date'}, 'facility_items': {'p_createdate': 'created_date', 'p_updatedate': 'updated_date'}, 'facility_type_names': {'p_createdate': 'created_date', 'p_updatedate': 'updated_date'}, 'facility_types': {'p_createdate': 'created_date', 'p_updatedate': 'updated_date'}, 'payments': {'p_createdate': 'created_date', 'p_updatedate': 'updated_date'}, 'project_settings': {'p_createdate': 'created_date', 'p_updatedate': 'updated_date'}, 'regulation_conditions': {'p_createdate': 'created_date', 'p_updatedate': 'updated_date'}, 'seats': {'p_createdate': 'created_date', 'p_updatedate': 'updated_date'}, 'slots': {'p_createdate': 'created_date', 'p_updatedate': 'updated_date'}, 'stock_images': {'p_createdate': 'created_date', 'p_updatedate': 'updated_date'}}

@flow(name=FLOW_NAME, log_prints=True)
def ingest_gcp_postgresql_facility_management_api_prd(TABLE_NAME: str='', JOB_BACKDATE_DEPEN: str=JOB_BACKDATE, JOB_STARTDATE_DEPEN: str=JOB_STARTDATE, JOB_ENDDATE_DEPEN: str=JOB_ENDDATE) -> dict[str, str]:
    """Ingest tables from facility_management_api_prd → GCS Data Lake.

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
