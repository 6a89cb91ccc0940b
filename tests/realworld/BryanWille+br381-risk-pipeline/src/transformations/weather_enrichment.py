# Signatures from github.com/BryanWille/br381-risk-pipeline (src/transformations/weather_enrichment.py at 74d03df90b39): bodies dropped.
import logging
from prefect import get_run_logger
from src.database.connection import get_connection
from src.database.weather_cache_repository import get_weather_cache, save_weather_cache
from src.database.weather_repository import insert_weather_accident
from src.weather.open_meteo import get_historical_weather

def _get_logger(*args, **kwargs):
    ...

def enrich_accidents_weather(*args, **kwargs):
    ...
