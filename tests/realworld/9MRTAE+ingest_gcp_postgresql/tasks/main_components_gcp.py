# Signatures from github.com/9MRTAE/ingest_gcp_postgresql (tasks/main_components_gcp.py at 158a1d21a10d): bodies dropped.
from __future__ import annotations
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
import uuid
from prefect.logging import get_run_logger
from config import DB_TYPE, DB_DRIVER, DB_USER, DB_PASSWORD, DB_HOST, DB_PORT, DB_HOST_NAME, GCP_BUCKET, GCP_BUCKET_PARQUET, GCP_BUCKET_APPLICATION, GCSFS

class ConnectorDB:
    pass

class ExtractSourceData:
    pass

class TransformData:
    pass

class LoadSourceData:
    pass
