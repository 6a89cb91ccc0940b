# Signatures from github.com/AbhishekRS4/ML_NY_Taxi (ny_taxi/dataset/data_loader.py at 054efcaf0579): bodies dropped.
import os
try:
    import numpy as np
except ImportError:
    pass
try:
    import pandas as pd
except ImportError:
    pass
from typing import Tuple
from prefect import task, get_run_logger
from ny_taxi.config.config import DataLoaderConfig

def data_loader(*args, **kwargs):
    ...
