# Signatures from github.com/9unn/dsi321_2025 (egat_pipeline.py at bcbd2d916ffd): bodies dropped.
import time
import datetime
try:
    import pandas as pd
except ImportError:
    pass
try:
    from selenium import webdriver
except ImportError:
    pass
try:
    from selenium.webdriver.chrome.service import Service
except ImportError:
    pass
try:
    from selenium.webdriver.chrome.options import Options
except ImportError:
    pass
try:
    from webdriver_manager.chrome import ChromeDriverManager
except ImportError:
    pass
import os
import re
from prefect import task, flow, get_run_logger
try:
    import lakefs
except ImportError:
    pass

class EGATRealTimeScraper:
    pass

def initialize_scraper_task(*args, **kwargs):
    ...

def scrape_data_task(*args, **kwargs):
    ...

def process_and_store_data_task(*args, **kwargs):
    ...

def commit_to_lakefs_task(*args, **kwargs):
    ...

def close_scraper_task(*args, **kwargs):
    ...

@flow(name='EGAT Real-Time Power Data Pipeline')
def egat_data_pipeline():
    pass
