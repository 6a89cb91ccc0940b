# Signatures from github.com/3commacapital/prefect-flows (05_send_fund_prices_bbg.py at 057fefb6ec57): bodies dropped.
import httpx
import os
try:
    import pandas as pd
except ImportError:
    pass
try:
    from pandas.tseries.offsets import BDay
except ImportError:
    pass
from datetime import datetime
from send_price_bbg.conf import fund_names_dict
from prefect import task, flow, get_run_logger
try:
    from openpyxl import load_workbook
except ImportError:
    pass
import smtplib
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.mime.base import MIMEBase
from email import encoders
from prefect.blocks.system import Secret
from prefect.variables import Variable
SMTP_HOST = 'smtp.sendgrid.net'
SMTP_USER = 'apikey'
try:
    API_KEY = Secret.load('sendgrid-api-key').get()
except Exception:
    pass
FROM_EMAIL = 'ops@3commafunds.com'
TO_EMAIL = 'dduarte@3commafunds.com'
try:
    RECIPIENTS = Variable.get('price_recipients')
except Exception:
    pass
RECIPIENTS = ['nhaga5@gmail.com', 'dduarte@3commafunds.com']

def map_data_bloomberg(*args, **kwargs):
    ...

def get_prices(*args, **kwargs):
    ...

def get_day_up_prices(*args, **kwargs):
    ...

def create_excel(*args, **kwargs):
    ...

def gen_simple_email(*args, **kwargs):
    ...

@flow(name='05 Send Fund Prices', log_prints=True)
def send_fund_prices_email(signature='3 Comma Capital Funds', day_lag=1):
    pass
