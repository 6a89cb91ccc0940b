# Signatures from github.com/BryanWille/br381-risk-pipeline (src/alerts/spam_guard.py at 74d03df90b39): bodies dropped.
import hashlib
import logging
from prefect import get_run_logger
from src.database.alert_repository import alert_already_sent, save_alert

def _get_logger(*args, **kwargs):
    ...

def build_alert_hash(*args, **kwargs):
    ...

def should_send_alert(*args, **kwargs):
    ...
