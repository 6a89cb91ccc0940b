# Signatures from github.com/CBIIT/ChildhoodCancerDataInitiative-Prefect_Pipeline (workflows/cog_comparer.py at fe08600b7008): bodies dropped.
import os
try:
    import pandas as pd
except ImportError:
    pass
from prefect import flow, task, get_run_logger
from src.utils import get_time, file_dl, file_ul

def read_tsv(*args, **kwargs):
    ...

def sparsity_of_prop(*args, **kwargs):
    ...

def compare_dataframes(*args, **kwargs):
    ...

@flow(name='COG Comparer', log_prints=True, flow_run_name='cog_comparer-' + f'{get_time()}')
def cog_comparer(bucket: str, old_tranche_path: str, new_tranche_path: str, output_path: str):
    pass
