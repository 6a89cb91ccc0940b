# Signatures from github.com/AMOS-experiment/CoInML (prefect_worker/tasks/umap_tasks.py at 0e34a714312d): bodies dropped.
import time
from datetime import timedelta
from typing import Any, Dict, List, Tuple
try:
    import numpy as np
except ImportError:
    pass
try:
    import pandas as pd
except ImportError:
    pass
try:
    import umap.umap_ as umap
except ImportError:
    pass
from prefect import get_run_logger, task
try:
    from sklearn.cluster import DBSCAN
except ImportError:
    pass
try:
    from sklearn.preprocessing import StandardScaler
except ImportError:
    pass

def load_and_prepare_data(*args, **kwargs):
    ...

def compute_umap_embedding(*args, **kwargs):
    ...

def compute_clustering(*args, **kwargs):
    ...

def create_umap_dataframe(*args, **kwargs):
    ...
