# Signatures from github.com/BryanWille/br381-risk-pipeline (src/flows/alert_flow.py at 74d03df90b39): bodies dropped.
import logging
from prefect import flow, get_run_logger
from src.alerts.risk_alert import check_high_risk_alerts

def _get_logger(*args, **kwargs):
    ...

def risk_alert_flow(*args, **kwargs):
    ...
