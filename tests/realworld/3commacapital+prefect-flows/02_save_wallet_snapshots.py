# Signatures from github.com/3commacapital/prefect-flows (02_save_wallet_snapshots.py at 057fefb6ec57): bodies dropped.
from datetime import datetime
from services.debank import Debank
from services.nhaga_db import session, Snapshot
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

def check_wallet_snapshot_exists(*args, **kwargs):
    ...

def get_wallet_snapshot(*args, **kwargs):
    ...

def save_wallet_snapshot(*args, **kwargs):
    ...

@flow(name='02 Get Wallet Snapshots')
def get_wallet_snapshots():
    pass
