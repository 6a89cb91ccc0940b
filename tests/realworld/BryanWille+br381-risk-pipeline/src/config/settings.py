# Signatures from github.com/BryanWille/br381-risk-pipeline (src/config/settings.py at 74d03df90b39): bodies dropped.
import os
from dotenv import load_dotenv
try:
    POSTGRES_HOST = os.getenv('POSTGRES_HOST')
except Exception:
    pass
try:
    POSTGRES_PORT = os.getenv('POSTGRES_PORT')
except Exception:
    pass
try:
    POSTGRES_DB = os.getenv('POSTGRES_DB')
except Exception:
    pass
try:
    POSTGRES_USER = os.getenv('POSTGRES_USER')
except Exception:
    pass
try:
    POSTGRES_PASSWORD = os.getenv('POSTGRES_PASSWORD')
except Exception:
    pass
