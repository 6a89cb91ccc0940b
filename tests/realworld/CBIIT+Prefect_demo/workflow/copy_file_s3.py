# Signatures from github.com/CBIIT/Prefect_demo (workflow/copy_file_s3.py at 2cabce95d993): bodies dropped.
from prefect import task, flow
from src.utils import copy_object_parameter, copy_file_flow, set_s3_session_client

@flow(name='Copy an object in S3', log_prints=True)
def copy_object_s3(source_s3_uri: str, dst_s3_bucket_folder: str) -> str:
    """Copies an object in S3 from source to destination

    Args:
        source_s3_uri (str): Source S3 URI, e.g. s3://my-bucket/obj-to-copy
        dst_s3_bucket_folder (str): Destiantion S3 bucket folder path, e.g. s3://my-bucket/dest-folder/
    """
    pass
