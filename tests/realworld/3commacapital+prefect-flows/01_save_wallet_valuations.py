# Signatures from github.com/3commacapital/prefect-flows (01_save_wallet_valuations.py at 057fefb6ec57): bodies dropped.
from datetime import datetime
from services.debank import Debank
from services.nhaga_db import session, Valuation
from prefect.blocks.system import Secret
from prefect import task, flow, get_run_logger, variables
try:
    secret_block = Secret.load('debank-api')
except Exception:
    pass
try:
    DEBANK_KEY = secret_block.get()
except Exception:
    pass

def check_wallet_value_exists(*args, **kwargs):
    ...

def get_wallet_value(*args, **kwargs):
    ...

def save_wallet_value(*args, **kwargs):
    ...

@flow(name='01 Get Wallet Valuations')
def get_wallet_valuaions():
    pass
