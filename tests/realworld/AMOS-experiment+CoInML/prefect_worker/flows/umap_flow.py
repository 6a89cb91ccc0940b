# Signatures from github.com/AMOS-experiment/CoInML (prefect_worker/flows/umap_flow.py at 0e34a714312d): bodies dropped.
import os
import prefect
from prefect import flow, get_run_logger
from typing import Any, Dict, List
try:
    import numpy as np
except ImportError:
    pass
from prefect_worker.tasks.umap_tasks import compute_clustering, compute_umap_embedding, create_umap_dataframe, load_and_prepare_data

@flow(name='SCULPT UMAP Analysis', description='Complete UMAP embedding and clustering workflow', retries=1, log_prints=True, persist_result=True, timeout_seconds=600)
def umap_analysis_flow(stored_files: List[Dict], selected_ids: List[int], num_neighbors: int, min_dist: float, sample_frac: float, selected_features_list: List[List[str]], dbscan_eps: float=0.5, dbscan_min_samples: int=5) -> Dict[str, Any]:
    """Complete UMAP analysis workflow for SCULPT"""
    pass

def test_umap_flow(*args, **kwargs):
    ...
