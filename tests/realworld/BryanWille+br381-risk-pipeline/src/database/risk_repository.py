# Signatures from github.com/BryanWille/br381-risk-pipeline (src/database/risk_repository.py at 74d03df90b39): bodies dropped.
from src.database.connection import get_connection

def insert_risk_prediction(*args, **kwargs):
    ...
