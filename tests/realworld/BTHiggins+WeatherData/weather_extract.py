# Signatures from github.com/BTHiggins/WeatherData (weather_extract.py at 5ec5bc82f8cf): bodies dropped.
try:
    import openmeteo_requests
except ImportError:
    pass
try:
    import polars as pl
except ImportError:
    pass
try:
    import requests_cache
except ImportError:
    pass
try:
    import duckdb
except ImportError:
    pass
try:
    from retry_requests import retry
except ImportError:
    pass
from datetime import datetime, timedelta, timezone
from prefect import flow, task, get_run_logger
from prefect.blocks.system import Secret
LOCATION = 'Oxford'
LATITUDE = 51.75
LONGITUDE = -1.25
FORECAST_MODEL = 'ukmo_seamless'
API_URL = 'https://api.open-meteo.com/v1/forecast'
DB_NAME = 'WeatherData'
VAR_LIST = ['temperature_2m', 'relative_humidity_2m', 'apparent_temperature', 'precipitation', 'rain', 'showers', 'snowfall', 'hail', 'weather_code', 'visibility', 'wind_speed_10m', 'wind_direction_10m', 'cloud_cover', 'cloud_cover_2m']

def fetch_weather_data(*args, **kwargs):
    ...

def build_dataframe(*args, **kwargs):
    ...

def get_db_connection(*args, **kwargs):
    ...

def write_to_duckdb(*args, **kwargs):
    ...

def verify_update(*args, **kwargs):
    ...

@flow(name='weather-forecast-pipeline', log_prints=True, timeout_seconds=300)
def weather_forecast_pipeline(location: str=LOCATION, latitude: float=LATITUDE, longitude: float=LONGITUDE, forecast_model: str=FORECAST_MODEL, var_list: list[str]=VAR_LIST, db_name: str=DB_NAME) -> None:
    """End-to-end pipeline: fetch -> transform -> load -> verify."""
    pass
