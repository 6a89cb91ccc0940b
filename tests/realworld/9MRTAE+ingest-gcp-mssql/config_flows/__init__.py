# Signatures from github.com/9MRTAE/ingest-gcp-mssql (config_flows/__init__.py at 4c93615dc0bd): bodies dropped.
from __future__ import annotations
import os
try:
    APP_ENV = os.getenv('CI_COMMIT_BRANCH', 'develop')
except Exception:
    pass
try:
    IMAGE_TAG = os.getenv('IMAGE_TAG', 'ingest-gcp-mssql:local')
except Exception:
    pass
PREFECT_IMAGE = IMAGE_TAG
PREFECT_FLOW_DIRECTORY = '/app/flows/'
PLATFORM = 'gcp'
DB_TYPE = 'mssql'
DB_INSTANCE = 'your-db-hostname'
try:
    JOB_BACKDATE = os.getenv('JOB_BACKDATE', '-1')
except Exception:
    pass
try:
    JOB_STARTDATE = os.getenv('JOB_STARTDATE', '')
except Exception:
    pass
try:
    JOB_ENDDATE = os.getenv('JOB_ENDDATE', '')
except Exception:
    pass
try:
    PREFECT_WORK_POOL = os.getenv('PREFECT_WORK_POOL', 'kubernetes-pool')
except Exception:
    pass
try:
    PREFECT_WORK_QUEUE = os.getenv('PREFECT_WORK_QUEUE', 'default')
except Exception:
    pass
PREFECT_SCHEDULER_INGEST = '40 18 * * *' if APP_ENV == 'main' else None
