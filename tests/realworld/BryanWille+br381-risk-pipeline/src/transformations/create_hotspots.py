# Signatures from github.com/BryanWille/br381-risk-pipeline (src/transformations/create_hotspots.py at 74d03df90b39): bodies dropped.
import logging
from prefect import get_run_logger
from src.config.risk_config import get_hotspots_limit
from src.database.connection import get_connection

def _get_logger(*args, **kwargs):
    ...

def create_hotspots(*args, **kwargs):
    ...
