# Signatures from github.com/CBIIT/ChildhoodCancerDataInitiative-Prefect_Pipeline (workflows/hello_world.py at fe08600b7008): bodies dropped.
from prefect import flow, task

def greeting(*args, **kwargs):
    ...

@flow(name='hello_flow', log_prints=True)
def hello_flow(name: str):
    """
A simple script that prints "Hello" followed by a user-specified name.
Args:
    name (str): the user-specified name as a string, ie "Jane Doe". 
    Defaults to "World".
    """
    pass
