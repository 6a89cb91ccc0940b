# Signatures from github.com/9MRTAE/ingest_gcp_postgresql (flows/ingest_gcp_postgresql_contract_api_prd_enumdata.py at 158a1d21a10d): bodies dropped.
from __future__ import annotations
import os
import re
import tempfile
try:
    import git
except ImportError:
    pass
try:
    import pandas as pd
except ImportError:
    pass
from prefect import flow, get_run_logger
from config_flows import PLATFORM, DB_TYPE
from config import GCP_BUCKET_GIT, GIT_CONTRACT_API_PATH
from tasks.tasks_gcp import load
DB_NAME = 'contract_api_prd'
GCS_APPLICATION = 'git'
FLOW_NAME = f'ingest_{PLATFORM}_{DB_TYPE}_{DB_NAME}_enumdata'
ENUM_REGISTRY: dict[str, str] = {'EnumCustomerGroup.cs': 'EnumCustomerGroup', 'EnumCustomerType.cs': 'EnumCustomerType', 'EnumInvoiceType.cs': 'EnumInvoiceType', 'EnumOrderStatus.cs': 'EnumOrderStatus', 'EnumOrderType.cs': 'EnumOrderType', 'EnumPaymentFrequency.cs': 'EnumPaymentFrequency', 'EnumProductType.cs': 'EnumProductType', 'EnumSalePosition.cs': 'EnumSalePosition'}

@flow(name=FLOW_NAME, log_prints=True)
def ingest_gcp_postgresql_contract_api_prd_enumdata(git_repo_url: str, git_branch: str='main') -> dict[str, str]:
    """Ingest .cs enum files from contract-management-api → GCS Data Lake.

    Parameters
    ----------
    git_repo_url : str
        URL ของ Git repo contract-management-api
    git_branch : str
        Branch ที่ต้องการ clone (default: main)
    """
    pass
