# Signatures from github.com/Axioq/wolf-tracks (load/loader.py at fe47c425e757): bodies dropped.
try:
    import duckdb
except ImportError:
    pass
from datetime import datetime
DB_PATH = 'data/wolf_tracks.duckdb'

def init_db(*args, **kwargs):
    ...

def transform_record(*args, **kwargs):
    ...

def load_records(*args, **kwargs):
    ...
