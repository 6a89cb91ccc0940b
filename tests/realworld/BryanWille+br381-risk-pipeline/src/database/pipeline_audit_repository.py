# Signatures from github.com/BryanWille/br381-risk-pipeline (src/database/pipeline_audit_repository.py at 74d03df90b39): bodies dropped.
from src.database.connection import get_connection

def start_pipeline_run(*args, **kwargs):
    ...

def finish_pipeline_run(*args, **kwargs):
    ...
