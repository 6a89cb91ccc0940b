# Signatures from github.com/CBIIT/ChildhoodCancerDataInitiative-Prefect_Pipeline (src/dcc_tabbreaker.py at fe08600b7008): bodies dropped.
from prefect import flow, task
import sys
import os
try:
    import pandas as pd
except ImportError:
    pass
import json
import uuid
import hashlib
from src.utils import get_logger, get_time, get_date, CheckCCDI
from src.s3_ccdi_to_tabbreakery import get_uuid

def get_dcc_namespace(*args, **kwargs):
    ...

def get_dcc_uuid(*args, **kwargs):
    ...

def tabBreakeRy_dcc(*args, **kwargs):
    ...
