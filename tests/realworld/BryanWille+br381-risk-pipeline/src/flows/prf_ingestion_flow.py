# Signatures from github.com/BryanWille/br381-risk-pipeline (src/flows/prf_ingestion_flow.py at 74d03df90b39): bodies dropped.
import logging
from prefect import flow, get_run_logger
from src.ingestion.prf_loader import ingest_to_bronze

def _get_logger(*args, **kwargs):
    ...

def ingest_prf(*args, **kwargs):
    ...
