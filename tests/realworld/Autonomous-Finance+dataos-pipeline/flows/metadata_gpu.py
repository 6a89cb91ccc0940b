# Signatures from github.com/Autonomous-Finance/dataos-pipeline (flows/metadata_gpu.py at dd85c95049d7): bodies dropped.
from datetime import datetime
import os
from prefect import task, flow
from prefect import serve
try:
    import pandas as pd
except ImportError:
    pass
from typing import List, Dict, Optional
from flows.util.clickhouse import get_ch_client
from flows.util.bart_categories import flatten_bart_categories, gen_bart_categories
from flows.util.keybert import gen_keybert_kwords
from flows.util.nlp import extract_spacy_entities
from flows.util.flair_ner import extract_flair_18c_entities

def load_data(*args, **kwargs):
    ...

def generate_spacy_entities(*args, **kwargs):
    ...

def generate_flair_entities(*args, **kwargs):
    ...

def generate_bart_categories(*args, **kwargs):
    ...

def generate_keybert_kwords(*args, **kwargs):
    ...

def check_gpu(*args, **kwargs):
    ...

def exec_conditionally(*args, **kwargs):
    ...

@flow(name='Generate metadata on gpu', log_prints=True)
def generate_gpu_metadata_flow(num_records=100, app: str='any'):
    pass
