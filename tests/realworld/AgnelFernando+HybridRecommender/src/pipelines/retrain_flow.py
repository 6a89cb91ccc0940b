# Signatures from github.com/AgnelFernando/HybridRecommender (src/pipelines/retrain_flow.py at 1ee2a0178632): bodies dropped.
import json, pathlib as p, os
from subprocess import check_call
from prefect import flow, task
try:
    ART = p.Path('artifacts')
except Exception:
    pass
try:
    PROMOTION_DELTA = float(os.getenv('PROMOTION_DELTA', '0.003'))
except Exception:
    pass

def dvc_repro(*args, **kwargs):
    ...

def read_metrics(*args, **kwargs):
    ...

def improved_over_champion(*args, **kwargs):
    ...

def promote_model(*args, **kwargs):
    ...

@flow(name='weekly-dvc-retrain')
def retrain_flow():
    pass
