# Signatures from github.com/ArthurZakirov/sheets-to-postgresql (src/flows/etl_flow.py at 01008c997e03): bodies dropped.
import os
import requests
from io import BytesIO
from prefect import task, flow
try:
    from googleapiclient.discovery import build
except ImportError:
    pass
from dotenv import load_dotenv
from src.utils.auth import authenticate
try:
    SPREADSHEET_ID = os.getenv('SPREADSHEET_ID')
except Exception:
    pass
try:
    STAGING_DIR = os.getenv('STAGING_DIR')
except Exception:
    pass

def extract(*args, **kwargs):
    ...

def load(*args, **kwargs):
    ...

def transform(*args, **kwargs):
    ...

@flow
def etl_flow():
    pass
