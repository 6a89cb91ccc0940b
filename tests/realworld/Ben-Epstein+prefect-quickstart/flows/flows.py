# Signatures from github.com/Ben-Epstein/prefect-quickstart (flows/flows.py at a6760b8a5571): bodies dropped.
from prefect import flow, task, serve

def do_print(*args, **kwargs):
    ...

@flow(log_prints=True)
def run_my_flow(param: str) -> None:
    pass

def hello_world(*args, **kwargs):
    ...
