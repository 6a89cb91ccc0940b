# Signatures from github.com/BryanWille/br381-risk-pipeline (src/flows/create_ml_features_flow.py at 74d03df90b39): bodies dropped.
import logging
from prefect import flow, get_run_logger
from src.transformations.create_ml_features import create_ml_features

def _get_logger(*args, **kwargs):
    ...

def ml_features(*args, **kwargs):
    ...
