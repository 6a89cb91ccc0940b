# Signatures from github.com/BryanWille/br381-risk-pipeline (src/database/weather_cache_repository.py at 74d03df90b39): bodies dropped.
from src.database.connection import get_connection

def get_weather_cache(*args, **kwargs):
    ...

def save_weather_cache(*args, **kwargs):
    ...
