# Signatures from github.com/AbhishekRS4/ML_NY_Taxi (ny_taxi/trainer/train.py at 054efcaf0579): bodies dropped.
import os
try:
    import mlflow
except ImportError:
    pass
try:
    import numpy as np
except ImportError:
    pass
from prefect import flow, task, get_run_logger
from prefect.utilities.annotations import quote
try:
    from sklearn.model_selection import GridSearchCV
except ImportError:
    pass
from ny_taxi.utils.metrics import compute_metrics
from ny_taxi.dataset.data_loader import data_loader
from ny_taxi.dataset.data_transformer import transform
from ny_taxi.modeling.pipeline import get_pipeline, do_grid_search
from ny_taxi.config.config import PipelineConfig, FeatureTargetConfig, DataLoaderConfig, TrainerConfig

def log_model_metrics(*args, **kwargs):
    ...

def train_pipeline(*args, **kwargs):
    ...
