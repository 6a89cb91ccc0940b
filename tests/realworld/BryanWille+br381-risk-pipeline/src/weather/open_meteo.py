# Signatures from github.com/BryanWille/br381-risk-pipeline (src/weather/open_meteo.py at 74d03df90b39): bodies dropped.
import requests
import time

def get_historical_weather(*args, **kwargs):
    ...

def get_current_weather(*args, **kwargs):
    ...
