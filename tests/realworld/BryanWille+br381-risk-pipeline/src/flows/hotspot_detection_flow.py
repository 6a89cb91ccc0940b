# Signatures from github.com/BryanWille/br381-risk-pipeline (src/flows/hotspot_detection_flow.py at 74d03df90b39): bodies dropped.
import logging
from prefect import flow, get_run_logger
from src.transformations.create_hotspots import create_hotspots

def _get_logger(*args, **kwargs):
    ...

def hotspot_flow(*args, **kwargs):
    ...
