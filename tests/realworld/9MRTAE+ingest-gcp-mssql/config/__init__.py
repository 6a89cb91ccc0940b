# Signatures from github.com/9MRTAE/ingest-gcp-mssql (config/__init__.py at 4c93615dc0bd): bodies dropped.
from __future__ import annotations
import json
import os
from functools import lru_cache
from typing import Any
try:
    import gcsfs
except ImportError:
    pass
try:
    from google.cloud import secretmanager
except ImportError:
    pass
try:
    from google.oauth2 import service_account
except ImportError:
    pass
try:
    APP_ENV = os.getenv('CI_COMMIT_BRANCH', 'develop')
except Exception:
    pass
try:
    IMAGE_TAG = os.getenv('IMAGE_TAG', 'ingest-gcp-mssql:local')
except Exception:
    pass
PREFECT_PROJECT_NAME = APP_ENV

def _secret_client(*args, **kwargs):
    ...

def get_secret(*args, **kwargs):
    ...

def get_service_account_credentials(*args, **kwargs):
    ...

def get_gcsfs(*args, **kwargs):
    ...
