# Signatures from github.com/BryanWille/br381-risk-pipeline (src/database/connection.py at 74d03df90b39): bodies dropped.
try:
    import psycopg2
except ImportError:
    pass
from src.config.settings import POSTGRES_DB, POSTGRES_HOST, POSTGRES_PASSWORD, POSTGRES_PORT, POSTGRES_USER

def get_connection(*args, **kwargs):
    ...
