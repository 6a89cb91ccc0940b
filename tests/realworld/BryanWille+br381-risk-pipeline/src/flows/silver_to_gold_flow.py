# Signatures from github.com/BryanWille/br381-risk-pipeline (src/flows/silver_to_gold_flow.py at 74d03df90b39): bodies dropped.
import logging
from prefect import flow, get_run_logger
from src.transformations.silver_to_gold import create_risk_aggregates

def _get_logger(*args, **kwargs):
    ...

def silver_to_gold(*args, **kwargs):
    ...
