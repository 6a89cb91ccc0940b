# Signatures from github.com/BryanWille/br381-risk-pipeline (src/flows/predict_risk_flow.py at 74d03df90b39): bodies dropped.
import logging
from prefect import flow, get_run_logger
from src.ml.predict_risk import predict_risk

def _get_logger(*args, **kwargs):
    ...

def risk_prediction_flow(*args, **kwargs):
    ...
