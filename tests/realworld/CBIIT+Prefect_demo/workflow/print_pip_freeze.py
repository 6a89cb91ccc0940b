# Signatures from github.com/CBIIT/Prefect_demo (workflow/print_pip_freeze.py at 2cabce95d993): bodies dropped.
from prefect import task, flow
import prefect
import subprocess

@flow(name='print pip freeze', log_prints=True)
def print_pip_freeze():
    pass
