# Signatures from github.com/Autonomous-Finance/dataos-pipeline (flows/util/bart_categories.py at dd85c95049d7): bodies dropped.
from functools import lru_cache
from typing import List, Dict
try:
    from transformers import pipeline
except ImportError:
    pass
try:
    import torch
except ImportError:
    pass

def get_bart_classifier(*args, **kwargs):
    ...
candidate_labels = ['Pop Culture', 'Artists', 'Education', 'Comedy', 'Lifestyle', 'Music', 'Sports', 'Gaming', 'Tech', 'Finance', 'Spirituality', 'News & Politics', 'Universe', 'Rabbit Hole']
try:
    candidate_labels = [c.lower() for c in candidate_labels]
except Exception:
    pass

def gen_bart_categories(*args, **kwargs):
    ...

def flatten_bart_categories(*args, **kwargs):
    ...
