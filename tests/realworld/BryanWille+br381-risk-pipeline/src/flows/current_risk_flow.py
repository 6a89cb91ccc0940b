# Signatures from github.com/BryanWille/br381-risk-pipeline (src/flows/current_risk_flow.py at 74d03df90b39): bodies dropped.
import logging
from prefect import flow, get_run_logger
from src.ml.current_risk import predict_current_risk

def _get_logger(*args, **kwargs):
    ...

def current_risk_flow(*args, **kwargs):
    ...
