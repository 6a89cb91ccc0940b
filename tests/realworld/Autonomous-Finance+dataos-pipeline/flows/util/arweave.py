# Signatures from github.com/Autonomous-Finance/dataos-pipeline (flows/util/arweave.py at dd85c95049d7): bodies dropped.
from prefect import task, flow
import httpx
from datetime import datetime
from itertools import cycle
import random
import asyncio
from collections import namedtuple

def get_ario_gateways(*args, **kwargs):
    ...
BASE_GATEWAYS = ['https://arweave.net/', 'https://g8way.io/', 'https://arweave.dev/', 'https://ar-io.dev/']
try:
    ARIO_GATEWAYS = get_ario_gateways()
except Exception:
    pass
try:
    GATEWAYS = list(set(BASE_GATEWAYS + ARIO_GATEWAYS))
except Exception:
    pass
try:
    gateway_cycle = cycle(GATEWAYS)
except Exception:
    pass
try:
    DownloadResult = namedtuple('DownloadResult', ['file_id', 'created_date', 'created_at', 'response_str', 'retrieved_at'])
except Exception:
    pass

async def fetch_file(*args, **kwargs):
    ...

async def download_files(*args, **kwargs):
    ...
