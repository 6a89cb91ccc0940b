# Signatures from github.com/Adedayo19/spotify-data-logger (recently_played.py at 897c3b1095aa): bodies dropped.
try:
    import spotipy
except ImportError:
    pass
try:
    from spotipy.oauth2 import SpotifyOAuth
except ImportError:
    pass
try:
    import pandas as pd
except ImportError:
    pass
from prefect.blocks.system import Secret
from prefect import task, flow
import json
try:
    from google.oauth2 import service_account
except ImportError:
    pass
try:
    import gspread
except ImportError:
    pass
from datetime import datetime
SCOPE = ['https://spreadsheets.google.com/feeds', 'https://www.googleapis.com/auth/drive']
SHEET_KEY = '1bWx69qOeSw4SinLdjxfFK-Ib6l2BzOAIjBGbeculCrc'
WORKSHEET_NAME = 'Recently Played'
try:
    service_account_secret_block = Secret.load('google-service-account')
except Exception:
    pass
try:
    secret_block1 = Secret.load('spotify-client-secret')
except Exception:
    pass
try:
    secret_block2 = Secret.load('my-spotify-client-id')
except Exception:
    pass
try:
    SPOTIFY_CLIENT_ID = secret_block2.get()
except Exception:
    pass
try:
    SPOTIFY_CLIENT_SECRET = secret_block1.get()
except Exception:
    pass
SPOTIFY_REDIRECT_URI = 'http://localhost:8080/callback'
SPOTIFY_SCOPE = 'user-read-recently-played'
try:
    service_account_secret_block = Secret.load('google-service-account')
except Exception:
    pass
try:
    service_account_info = service_account_secret_block.get()
except Exception:
    pass
try:
    credentials = service_account.Credentials.from_service_account_info(service_account_info, scopes=SCOPE)
except Exception:
    pass

def get_google_sheet(*args, **kwargs):
    ...

def get_recently_played(*args, **kwargs):
    ...

def create_dataframe(*args, **kwargs):
    ...

def get_existing_timestamps(*args, **kwargs):
    ...

def update_google_sheet(*args, **kwargs):
    ...

@flow
def update_recently_played():
    pass
