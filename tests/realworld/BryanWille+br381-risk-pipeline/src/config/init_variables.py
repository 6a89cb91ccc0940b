# Signatures from github.com/BryanWille/br381-risk-pipeline (src/config/init_variables.py at 74d03df90b39): bodies dropped.
from prefect.variables import Variable
DEFAULTS = {'high_risk_threshold': 0.35, 'medium_risk_threshold': 0.15, 'telegram_alert_threshold': 0.6, 'telegram_alert_enabled': True, 'hotspots_limit': 10}

def init_variables(*args, **kwargs):
    ...
