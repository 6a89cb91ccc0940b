# Signatures from github.com/CBIIT/ChildhoodCancerDataInitiative-Prefect_Pipeline (src/s3_ccdi_to_tabbreakery.py at fe08600b7008): bodies dropped.
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

def get_ccdi_namespace(*args, **kwargs):
    ...

def get_uuid(*args, **kwargs):
    ...

def get_ccdi_id(*args, **kwargs):
    ...

def tabBreakeRy(*args, **kwargs):
    ...
