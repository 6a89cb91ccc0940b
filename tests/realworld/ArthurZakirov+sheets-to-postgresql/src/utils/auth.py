# Signatures from github.com/ArthurZakirov/sheets-to-postgresql (src/utils/auth.py at 01008c997e03): bodies dropped.
import os
try:
    from google.auth.transport.requests import Request
except ImportError:
    pass
try:
    from google.oauth2.credentials import Credentials
except ImportError:
    pass
try:
    from google_auth_oauthlib.flow import InstalledAppFlow
except ImportError:
    pass
from dotenv import load_dotenv
try:
    TOKEN_PATH = os.getenv('TOKEN_PATH')
except Exception:
    pass
try:
    CRED_PATH = os.getenv('CRED_PATH')
except Exception:
    pass
try:
    SCOPES = os.getenv('SCOPES').split(',')
except Exception:
    pass

def authenticate(*args, **kwargs):
    ...
