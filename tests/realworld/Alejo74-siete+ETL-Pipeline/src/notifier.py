# Signatures from github.com/Alejo74-siete/ETL-Pipeline (src/notifier.py at da99c9460c44): bodies dropped.
import os
import smtplib
from email.mime.text import MIMEText
from dotenv import load_dotenv
try:
    SMTP_SERVER = os.getenv('SMTP_SERVER', 'smtp.gmail.com')
except Exception:
    pass
try:
    SMTP_PORT = int(os.getenv('SMTP_PORT', 587))
except Exception:
    pass
try:
    EMAIL_SENDER = os.getenv('EMAIL_SENDER')
except Exception:
    pass
try:
    EMAIL_PASSWORD = os.getenv('EMAIL_PASSWORD')
except Exception:
    pass
try:
    EMAIL_RECIPIENT = os.getenv('EMAIL_RECIPIENT')
except Exception:
    pass

def send_email_report(*args, **kwargs):
    ...
