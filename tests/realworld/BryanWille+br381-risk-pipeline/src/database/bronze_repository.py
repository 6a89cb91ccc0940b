# Signatures from github.com/BryanWille/br381-risk-pipeline (src/database/bronze_repository.py at 74d03df90b39): bodies dropped.
try:
    from psycopg2.extras import execute_values
except ImportError:
    pass
from src.database.connection import get_connection

def insert_prf_accidents(*args, **kwargs):
    ...
