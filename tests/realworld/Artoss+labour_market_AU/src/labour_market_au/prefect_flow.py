# Signatures from github.com/Artoss/labour_market_AU (src/labour_market_au/prefect_flow.py at ca8181dad0f3): bodies dropped.
from __future__ import annotations
import argparse
import logging
import os
import time
import urllib.error
import urllib.request
from datetime import date
from dotenv import load_dotenv
from prefect import flow, task
try:
    log = logging.getLogger('labour_market_au.prefect_flow')
except Exception:
    pass

def _wait_for_prefect_api(*args, **kwargs):
    ...

def task_refresh_calendar(*args, **kwargs):
    ...

def task_check_due_releases(*args, **kwargs):
    ...

def task_monitor_and_load(*args, **kwargs):
    ...

def _on_crashed(*args, **kwargs):
    ...

@flow(name='jsa-monitor', log_prints=True, on_crashed=[_on_crashed])
def jsa_monitor_flow() -> None:
    """Daily pipeline: refresh calendar, check for due releases, load if any.

    1. Refresh publication_calendar from JSA/DEWR pages
    2. Check for releases due today or earlier
    3. For each due release: monitor page -> download -> parse -> load
    4. Mark releases as processed
    5. If nothing due: quiet exit
    """
    pass
