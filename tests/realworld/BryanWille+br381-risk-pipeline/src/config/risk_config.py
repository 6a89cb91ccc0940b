# Signatures from github.com/BryanWille/br381-risk-pipeline (src/config/risk_config.py at 74d03df90b39): bodies dropped.
from prefect.variables import Variable

def get_high_risk_threshold(*args, **kwargs):
    ...

def get_medium_risk_threshold(*args, **kwargs):
    ...

def get_telegram_alert_threshold(*args, **kwargs):
    ...

def get_telegram_alert_enabled(*args, **kwargs):
    ...

def get_hotspots_limit(*args, **kwargs):
    ...
