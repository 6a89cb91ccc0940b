# Signatures from github.com/CBIIT/ChildhoodCancerDataInitiative-Prefect_Pipeline (src/s3_catcherry.py at fe08600b7008): bodies dropped.
from prefect import flow, get_run_logger
import os
import warnings
try:
    import pandas as pd
except ImportError:
    pass
try:
    import numpy as np
except ImportError:
    pass
try:
    import boto3
except ImportError:
    pass
import re
from datetime import date
from src.utils import set_s3_session_client, get_time
try:
    from botocore.exceptions import ClientError
except ImportError:
    pass
try:
    import openpyxl
except ImportError:
    pass
try:
    from openpyxl.utils.dataframe import dataframe_to_rows
except ImportError:
    pass
import uuid
from shutil import copy

def CatchERRy(*args, **kwargs):
    ...
