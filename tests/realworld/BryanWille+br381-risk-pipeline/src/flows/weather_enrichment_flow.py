# Signatures from github.com/BryanWille/br381-risk-pipeline (src/flows/weather_enrichment_flow.py at 74d03df90b39): bodies dropped.
import logging
from prefect import flow, get_run_logger
from src.transformations.weather_enrichment import enrich_accidents_weather

def _get_logger(*args, **kwargs):
    ...

def weather_flow(*args, **kwargs):
    ...
