# Signatures from github.com/CBIIT/ChildhoodCancerDataInitiative-Prefect_Pipeline (src/cog_igm_utils.py at fe08600b7008): bodies dropped.
import os
import sys
import json
try:
    import pandas as pd
except ImportError:
    pass
import re
import time
try:
    import openpyxl
except ImportError:
    pass
import itertools
from collections import defaultdict
from prefect import task, flow, get_run_logger, unmapped
from src.utils import get_time, get_date, get_logger
try:
    import boto3
except ImportError:
    pass
try:
    from botocore.exceptions import ClientError
except ImportError:
    pass
from prefect.task_runners import ConcurrentTaskRunner
from prefect.cache_policies import NO_CACHE

def replace_en_em_dash(*args, **kwargs):
    ...

def sample_mapper(*args, **kwargs):
    ...

def manifest_reader(*args, **kwargs):
    ...

def set_s3_resource(*args, **kwargs):
    ...

def file_dl(*args, **kwargs):
    ...

def json_downloader(*args, **kwargs):
    ...

def percent_necrosis_tumor_fill_in(*args, **kwargs):
    ...
