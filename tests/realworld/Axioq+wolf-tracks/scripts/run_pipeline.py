# Signatures from github.com/Axioq/wolf-tracks (scripts/run_pipeline.py at fe47c425e757): bodies dropped.
import sys
from prefect import flow, task
from extract.tautulli_client import get_all_history
from load.loader import load_records

def extract_task(*args, **kwargs):
    ...

def load_task(*args, **kwargs):
    ...

@flow(name='wolf-tracks')
def pipeline():
    pass
