# Signatures from github.com/CamilleLarpin/pea-pme-pulse (src/flows/bronze_google_news_rss.py at 8e0327b6252c): bodies dropped.
import os
import sys
import tempfile
from pathlib import Path
try:
    import pandas as pd
except ImportError:
    pass
from prefect import flow, get_run_logger, task
try:
    _gcp_creds_json = os.environ.get('GOOGLE_APPLICATION_CREDENTIALS_JSON')
except Exception:
    pass
try:
    REFERENTIEL_PATH = Path(__file__).parent.parent.parent / 'referentiel' / 'boursorama_peapme_final.csv'
except Exception:
    pass

def _load_referentiel(*args, **kwargs):
    ...

def google_news_fetch(*args, **kwargs):
    ...

def google_news_dump_gcs(*args, **kwargs):
    ...

def google_news_match_load_bq(*args, **kwargs):
    ...

@flow(name='bronze-google-news-rss')
def google_news_rss_flow() -> None:
    pass
