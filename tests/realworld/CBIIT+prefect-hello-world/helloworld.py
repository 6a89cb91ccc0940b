# Signatures from github.com/CBIIT/prefect-hello-world (helloworld.py at 648fc3605cba): bodies dropped.
from prefect import flow, task, get_run_logger

def helloworld(*args, **kwargs):
    ...

@flow(name='Hello World')
def runner():
    pass
