# Signatures from github.com/Alejo74-siete/ETL-Pipeline (src/utils.py at da99c9460c44): bodies dropped.
import shutil
from pathlib import Path
from typing import List
import time

def ensure_folders(*args, **kwargs):
    ...

def archive_file(*args, **kwargs):
    ...
