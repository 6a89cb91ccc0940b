# Signatures from github.com/zzstoatzz/my-prefect-server (flows/diagnostics.py at 45230a7ecda1): bodies dropped.
import datetime
import os
import platform
from prefect import flow

@flow(name='diagnostics', log_prints=True)
def diagnostics():
    pass
