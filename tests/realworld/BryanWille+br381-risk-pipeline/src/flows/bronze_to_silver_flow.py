# Signatures from github.com/BryanWille/br381-risk-pipeline (src/flows/bronze_to_silver_flow.py at 74d03df90b39): bodies dropped.
import logging
from prefect import flow, get_run_logger
from src.transformations.bronze_to_silver import transform_accidents

def _get_logger(*args, **kwargs):
    ...

def bronze_to_silver(*args, **kwargs):
    ...
