# Signatures from github.com/CBIIT/ChildhoodCancerDataInitiative-Prefect_Pipeline (src/cog_igm_mapping_dcc.py at fe08600b7008): bodies dropped.
import shutil
try:
    import pandas as pd
except ImportError:
    pass
import sys, os
from abc import ABC, abstractmethod
from typing import Dict, List, Optional
from datetime import datetime
from pytz import timezone
from src.cog_rules_functions import *
from src.utils import get_time, get_logger
from prefect import flow, get_run_logger

def cog_igm_dcc_mapping_transform(*args, **kwargs):
    ...
