# Signatures from github.com/BryanWille/br381-risk-pipeline (src/flows/current_monitoring_flow.py at 74d03df90b39): bodies dropped.
import logging
from prefect import flow, get_run_logger
from src.flows.alert_flow import risk_alert_flow
from src.flows.create_hotspots_flow import create_hotspots_flow
from src.flows.current_risk_flow import current_risk_flow

def _get_logger(*args, **kwargs):
    ...

@flow(name='current-monitoring', retries=2, retry_delay_seconds=30, log_prints=True)
def current_monitoring():
    pass
