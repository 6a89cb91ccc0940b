# Signatures from github.com/Autonomous-Finance/dataos-pipeline (flows/util/keybert.py at dd85c95049d7): bodies dropped.
from typing import List
from keybert import KeyBERT
try:
    kw_model = KeyBERT()
except Exception:
    pass

def gen_keybert_kwords(*args, **kwargs):
    ...
