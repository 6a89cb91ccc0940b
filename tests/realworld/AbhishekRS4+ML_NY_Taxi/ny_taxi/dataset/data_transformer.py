# Signatures from github.com/AbhishekRS4/ML_NY_Taxi (ny_taxi/dataset/data_transformer.py at 054efcaf0579): bodies dropped.
import os
try:
    import numpy as np
except ImportError:
    pass
try:
    import pandas as pd
except ImportError:
    pass
from prefect import task
from ny_taxi.config.config import FeatureTargetConfig

def transform(*args, **kwargs):
    ...
