# Signatures from github.com/CBIIT/ChildhoodCancerDataInitiative-Prefect_Pipeline (src/submission_cruncher.py at fe08600b7008): bodies dropped.
from prefect import flow, task
from src.utils import CheckCCDI, get_date
try:
    import pandas as pd
except ImportError:
    pass
from shutil import copy

def if_version_match(*args, **kwargs):
    ...

def append_one_submission(*args, **kwargs):
    ...

def concatenate_submissions(*args, **kwargs):
    ...
