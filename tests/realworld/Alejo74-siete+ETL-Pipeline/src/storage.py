# Signatures from github.com/Alejo74-siete/ETL-Pipeline (src/storage.py at da99c9460c44): bodies dropped.
from sqlalchemy import create_engine
import os
try:
    SUPABASE_DATABASE_URL = os.getenv('SUPABASE_DATABASE_URL')
except Exception:
    pass

def get_engine(*args, **kwargs):
    ...
