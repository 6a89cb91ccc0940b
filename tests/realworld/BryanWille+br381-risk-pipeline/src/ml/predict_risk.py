# Signatures from github.com/BryanWille/br381-risk-pipeline (src/ml/predict_risk.py at 74d03df90b39): bodies dropped.
import logging
from collections import Counter
try:
    import joblib
except ImportError:
    pass
try:
    import pandas as pd
except ImportError:
    pass
from prefect import get_run_logger
from src.config.risk_config import get_high_risk_threshold, get_medium_risk_threshold
from src.database.connection import get_connection
from src.database.risk_repository import insert_risk_prediction

def _get_logger(*args, **kwargs):
    ...

def load_features(*args, **kwargs):
    ...

def prepare_features(*args, **kwargs):
    ...

def classify_risk(*args, **kwargs):
    ...

def predict_risk(*args, **kwargs):
    ...
