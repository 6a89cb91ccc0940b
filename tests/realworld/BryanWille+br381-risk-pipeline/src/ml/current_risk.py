# Signatures from github.com/BryanWille/br381-risk-pipeline (src/ml/current_risk.py at 74d03df90b39): bodies dropped.
import logging
from datetime import datetime
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
from src.database.current_risk_repository import insert_current_risk
from src.weather.open_meteo import get_current_weather

def _get_logger(*args, **kwargs):
    ...

def get_current_hotspots(*args, **kwargs):
    ...

def classify_risk(*args, **kwargs):
    ...

def get_current_time_features(*args, **kwargs):
    ...

def predict_current_risk(*args, **kwargs):
    ...
