# Signatures from github.com/CamilleLarpin/pea-pme-pulse (src/flows/gold_sentiment.py at 8e0327b6252c): bodies dropped.
import os
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path
try:
    _gcp_creds_json = os.environ.get('GOOGLE_APPLICATION_CREDENTIALS_JSON')
except Exception:
    pass
try:
    import pandas as pd
except ImportError:
    pass
try:
    from google.cloud import bigquery
except ImportError:
    pass
from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
try:
    from gold.sentiment_scorer import MODEL, score_article
except ImportError:
    pass
GCP_PROJECT = 'bootcamp-project-pea-pme'
try:
    DBT_PROJECT_DIR = Path(__file__).parent.parent.parent / 'dbt'
except Exception:
    pass
SILVER_TABLE = f'{GCP_PROJECT}.silver.rss_articles'
GOLD_TABLE = f'{GCP_PROJECT}.gold.article_sentiment'
_CREATE_GOLD_TABLE = f'\nCREATE TABLE IF NOT EXISTS `{GOLD_TABLE}` (\n    row_id          STRING NOT NULL,\n    isin            STRING NOT NULL,\n    ticker_bourso   STRING,\n    matched_name    STRING,\n    title           STRING,\n    published_at    TIMESTAMP,\n    sentiment_score INT64 NOT NULL,\n    sentiment_reason STRING,\n    groq_model      STRING,\n    scored_at       TIMESTAMP NOT NULL\n)\n'

def ensure_gold_table(*args, **kwargs):
    ...

def fetch_unscored_articles(*args, **kwargs):
    ...

def score_and_write(*args, **kwargs):
    ...

def dbt_run_gold(*args, **kwargs):
    ...

@flow(name='silver-gold-rss')
def silver_gold_rss_flow() -> None:
    pass
