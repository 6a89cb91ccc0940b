# Signatures from github.com/CBIIT/ChildhoodCancerDataInitiative-Prefect_Pipeline (src/liftover_generic.py at fe08600b7008): bodies dropped.
import os
import sys
try:
    import pandas as pd
except ImportError:
    pass
from prefect import flow, task
from typing import TypeVar
from src.utils import get_logger, get_date, get_time
from src.commons.datamodel import ReadDataModel
try:
    DataFrame = TypeVar('DataFrame')
except Exception:
    pass

def find_non_empty_props(*args, **kwargs):
    ...

def find_unlifted_props(*args, **kwargs):
    ...

def model_to_df(*args, **kwargs):
    ...

def identify_file_type(*args, **kwargs):
    ...

def lift_from_type_df(*args, **kwargs):
    ...

def get_parent_nodes_props(*args, **kwargs):
    ...

def single_node_liftover(*args, **kwargs):
    ...

def liftover_to_tsv(*args, **kwargs):
    ...
