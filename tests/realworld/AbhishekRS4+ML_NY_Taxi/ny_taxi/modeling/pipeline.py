# Signatures from github.com/AbhishekRS4/ML_NY_Taxi (ny_taxi/modeling/pipeline.py at 054efcaf0579): bodies dropped.
import os
try:
    import numpy as np
except ImportError:
    pass
try:
    import pandas as pd
except ImportError:
    pass
from typing import Union, Tuple
try:
    from xgboost import XGBRegressor
except ImportError:
    pass
try:
    from sklearn.pipeline import Pipeline
except ImportError:
    pass
from prefect import flow, task, get_run_logger
try:
    from sklearn.feature_extraction import DictVectorizer
except ImportError:
    pass
try:
    from sklearn.model_selection import GridSearchCV, KFold
except ImportError:
    pass
try:
    from sklearn.linear_model import LinearRegression, Ridge
except ImportError:
    pass
from ny_taxi.config.config import PipelineConfig

def get_regressor(*args, **kwargs):
    ...

def get_pipeline(*args, **kwargs):
    ...

def do_grid_search(*args, **kwargs):
    ...
