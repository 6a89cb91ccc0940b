# Signatures from github.com/BryanWille/br381-risk-pipeline (src/transformations/create_ml_features.py at 74d03df90b39): bodies dropped.
import logging
from prefect import get_run_logger
from src.database.connection import get_connection

def _get_logger(*args, **kwargs):
    ...

def create_ml_features(*args, **kwargs):
    ...
