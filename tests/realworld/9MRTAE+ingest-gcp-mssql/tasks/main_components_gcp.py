# Signatures from github.com/9MRTAE/ingest-gcp-mssql (tasks/main_components_gcp.py at 4c93615dc0bd): bodies dropped.
from __future__ import annotations
import uuid
from urllib.parse import quote_plus
try:
    import numpy as np
except ImportError:
    pass
try:
    import pandas as pd
except ImportError:
    pass
try:
    import pyarrow as pa
except ImportError:
    pass
try:
    import pyarrow.dataset as ds
except ImportError:
    pass
import sqlalchemy as SA
from sqlalchemy.engine import URL
from prefect.logging import get_run_logger
from config import DB_DRIVER, DB_HOST, DB_PASSWORD, DB_PORT, DB_TYPE, DB_USER, DB_HOST_NAME, GCP_BUCKET, GCP_BUCKET_PARQUET, GCSFS

class ConnectorDB:
    pass

class ExtractSourceData:
    pass

class TransformData:
    pass

class LoadSourceData:
    pass
