# Signatures from github.com/Autonomous-Finance/dataos-pipeline (flows/metadata_cpu.py at dd85c95049d7): bodies dropped.
from datetime import datetime
import os
from prefect import task, flow
from prefect import serve
from prefect.server.schemas.schedules import CronSchedule
try:
    import pandas as pd
except ImportError:
    pass
try:
    from tenacity import retry
except ImportError:
    pass
try:
    import tenacity
except ImportError:
    pass
from flows.util.clickhouse import get_ch_client
from flows.util.openai import generate_text_style, generate_text_title, generate_text_summary, get_embeddings

def get_documents_to_process(*args, **kwargs):
    ...

def gen_gpt_text_embeddings(*args, **kwargs):
    ...

def gen_text_summary(*args, **kwargs):
    ...

def gen_text_title(*args, **kwargs):
    ...

def gen_text_style(*args, **kwargs):
    ...

@flow(name='Generate metadata on cpu', log_prints=True)
def generate_gpt_metadata_flow(num_records=2000):
    pass
