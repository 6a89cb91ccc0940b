# Signatures from github.com/CBIIT/ChildhoodCancerDataInitiative-Prefect_Pipeline (workflows/secret_test.py at fe08600b7008): bodies dropped.
from prefect import flow, task
try:
    import boto3
except ImportError:
    pass
try:
    from botocore.exceptions import ClientError
except ImportError:
    pass
import json
from src.utils import get_secret_centralized_worker

@flow(name='Secret Test Retrieval Pipeline', log_prints=True)
def secret_pipeline(secret_path_name: str, secret_key_name: str, account: str) -> None:
    """
    Prefect pipeline that retrieves and prints a secret.
    
    Args:
        secret_path_name: Path to the secret to retrieve
        secret_key_name: Name of the key within the secret to retrieve
        account: AWS account identifier
    """
    pass
