# Signatures from github.com/CBIIT/ChildhoodCancerDataInitiative-cBioPortal-Workflows (workflows/export_db.py at 9f2a772c0a99): bodies dropped.
import os
import json
from prefect import flow
from src.utils import create_dump, get_secret, upload_to_s3

@flow(name='cbio-dump-flow', log_prints=True)
def export_db(env_tier: str, bucket_name: str):
    """Execute database export and upload to S3.

    Args:
        env_tier (str): Tier to perform export on (e.g., dev, qa, prod)
        bucket_name (str, optional): Bucket name to upload to (e.g. cbio-backup-dev)
    """
    pass
