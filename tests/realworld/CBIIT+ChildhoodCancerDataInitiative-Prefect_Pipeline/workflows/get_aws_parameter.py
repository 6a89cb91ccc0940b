# Signatures from github.com/CBIIT/ChildhoodCancerDataInitiative-Prefect_Pipeline (workflows/get_aws_parameter.py at fe08600b7008): bodies dropped.
from prefect import flow, task, get_run_logger
import os
import sys
try:
    parent_dir = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))
except Exception:
    pass
try:
    from botocore.exceptions import ClientError
except ImportError:
    pass
import json
try:
    import boto3
except ImportError:
    pass

@flow
def get_aws_parameter(parameter_name: str) -> dict:
    pass
