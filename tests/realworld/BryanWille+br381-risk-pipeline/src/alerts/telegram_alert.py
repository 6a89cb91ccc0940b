# Signatures from github.com/BryanWille/br381-risk-pipeline (src/alerts/telegram_alert.py at 74d03df90b39): bodies dropped.
import logging
import requests
from prefect import get_run_logger
from prefect.blocks.system import Secret

def _get_logger(*args, **kwargs):
    ...

def get_telegram_credentials(*args, **kwargs):
    ...

def send_telegram_message(*args, **kwargs):
    ...
