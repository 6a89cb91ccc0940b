# Signatures from github.com/BryanWille/br381-risk-pipeline (src/alerts/risk_alert.py at 74d03df90b39): bodies dropped.
import logging
from prefect import get_run_logger
from src.database.connection import get_connection
from src.alerts.telegram_alert import send_telegram_message
from src.alerts.spam_guard import should_send_alert
from src.config.risk_config import get_telegram_alert_threshold, get_telegram_alert_enabled

def _get_logger(*args, **kwargs):
    ...

def check_high_risk_alerts(*args, **kwargs):
    ...
