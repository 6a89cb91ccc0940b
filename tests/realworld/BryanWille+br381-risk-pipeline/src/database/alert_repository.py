# Signatures from github.com/BryanWille/br381-risk-pipeline (src/database/alert_repository.py at 74d03df90b39): bodies dropped.
from src.database.connection import get_connection

def alert_already_sent(*args, **kwargs):
    ...

def save_alert(*args, **kwargs):
    ...
