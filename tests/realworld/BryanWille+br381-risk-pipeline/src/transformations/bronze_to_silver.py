# Signatures from github.com/BryanWille/br381-risk-pipeline (src/transformations/bronze_to_silver.py at 74d03df90b39): bodies dropped.
import logging
from prefect import get_run_logger
from src.database.connection import get_connection

def _get_logger(*args, **kwargs):
    ...

def transform_accidents(*args, **kwargs):
    ...
