# Signatures from github.com/BryanWille/br381-risk-pipeline (src/database/database_initializer.py at 74d03df90b39): bodies dropped.
from pathlib import Path
from src.database.connection import get_connection

class DatabaseInitializer:
    pass
