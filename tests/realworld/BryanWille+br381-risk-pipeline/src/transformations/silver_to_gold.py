# Signatures from github.com/BryanWille/br381-risk-pipeline (src/transformations/silver_to_gold.py at 74d03df90b39): bodies dropped.
import logging
from prefect import get_run_logger
from src.database.connection import get_connection

def _get_logger(*args, **kwargs):
    ...

def create_risk_aggregates(*args, **kwargs):
    ...
