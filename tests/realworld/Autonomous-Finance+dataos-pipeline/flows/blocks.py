# Signatures from github.com/Autonomous-Finance/dataos-pipeline (flows/blocks.py at dd85c95049d7): bodies dropped.
from prefect import task, flow
import requests
from datetime import datetime
import json
from flows.util.clickhouse import get_ch_client
import os
import random
import flows.util.arweave as arweave
from flows.util.arweave import BASE_GATEWAYS

def transform_block_data(*args, **kwargs):
    ...

def get_heights_to_fetch(*args, **kwargs):
    ...

def get_current_height(*args, **kwargs):
    ...

def chunked_iter(*args, **kwargs):
    ...

@flow(name='Get Arweave Block Meta', log_prints=True)
async def get_arweave_blocks():
    pass
