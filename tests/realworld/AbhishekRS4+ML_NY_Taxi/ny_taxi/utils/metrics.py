# Signatures from github.com/AbhishekRS4/ML_NY_Taxi (ny_taxi/utils/metrics.py at 054efcaf0579): bodies dropped.
import os
try:
    import numpy as np
except ImportError:
    pass
from typing import Tuple
from prefect import task
try:
    from sklearn.metrics import r2_score, mean_squared_error
except ImportError:
    pass

def compute_metrics(*args, **kwargs):
    ...
