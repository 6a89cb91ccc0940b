# Signatures from github.com/Autonomous-Finance/dataos-pipeline (flows/util/flair_ner.py at dd85c95049d7): bodies dropped.
from typing import List, Dict
try:
    import pandas as pd
except ImportError:
    pass
try:
    from flair.data import Sentence
except ImportError:
    pass
try:
    from flair.models import SequenceTagger
except ImportError:
    pass
try:
    tagger = SequenceTagger.load('flair/ner-english-ontonotes-fast')
except Exception:
    pass
ENT_TYPES = ('CARDINAL', 'DATE', 'EVENT', 'FAC', 'GPE', 'LANGUAGE', 'LAW', 'LOC', 'MONEY', 'NORP', 'ORDINAL', 'ORG', 'PERCENT', 'PERSON', 'PRODUCT', 'QUANTITY', 'TIME', 'WORK_OF_ART')

def extract_flair_18c_entities(*args, **kwargs):
    ...
