# Signatures from github.com/Autonomous-Finance/dataos-pipeline (flows/util/nlp.py at dd85c95049d7): bodies dropped.
import os
try:
    import spacy
except ImportError:
    pass
try:
    import spacy_transformers
except ImportError:
    pass
try:
    from thefuzz import fuzz
except ImportError:
    pass
try:
    from thefuzz import process
except ImportError:
    pass
try:
    import numpy as np
except ImportError:
    pass
try:
    from transformers import AutoTokenizer, AutoModelForTokenClassification
except ImportError:
    pass
try:
    from transformers import pipeline
except ImportError:
    pass
from typing import List, Dict
try:
    spacy_nlp_lg = spacy.load('en_core_web_lg')
except Exception:
    pass
ENT_TYPES = ('PERSON', 'NORP', 'FAC', 'ORG', 'GPE', 'LOC', 'PRODUCT', 'EVENT', 'WORK_OF_ART', 'LAW', 'LANGUAGE')

def extract_spacy_entities(*args, **kwargs):
    ...

def match_keywords(*args, **kwargs):
    ...

def cosine_similarity(*args, **kwargs):
    ...
