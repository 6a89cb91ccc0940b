# Signatures from github.com/CBIIT/ChildhoodCancerDataInitiative-Prefect_Pipeline (src/template_exampler.py at fe08600b7008): bodies dropped.
import os
import sys
from prefect import flow, task
from prefect.artifacts import create_markdown_artifact
from typing import List, Dict, TypeVar
import random
import string
import uuid
try:
    import pandas as pd
except ImportError:
    pass
from shutil import copy
import re
try:
    from wonderwords import RandomWord
except ImportError:
    pass
from src.utils import CheckCCDI, get_time, get_logger, get_date, view_all_s3_objects
try:
    GetFakeValue = TypeVar('GetFakeValue')
except Exception:
    pass
try:
    DataFrame = TypeVar('DataFrame')
except Exception:
    pass

def columns_to_populate(*args, **kwargs):
    ...

def get_property_type(*args, **kwargs):
    ...

def if_linking_prop(*args, **kwargs):
    ...

def populate_exampler(*args, **kwargs):
    ...

def create_linkage(*args, **kwargs):
    ...

class GetFakeValue:
    pass

def make_template_exampler_md(*args, **kwargs):
    ...

def make_template_example(*args, **kwargs):
    ...
