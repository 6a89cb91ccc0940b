# Signatures from github.com/BryanWille/br381-risk-pipeline (src/database/init_db.py at 74d03df90b39): bodies dropped.
from src.database.database_initializer import DatabaseInitializer

def initialize_db(*args, **kwargs):
    ...
