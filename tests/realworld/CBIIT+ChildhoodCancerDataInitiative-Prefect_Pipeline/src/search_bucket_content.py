# Signatures from github.com/CBIIT/ChildhoodCancerDataInitiative-Prefect_Pipeline (src/search_bucket_content.py at fe08600b7008): bodies dropped.
from src.utils import get_time, set_s3_session_client
from src.read_buckets import paginate_parameter
from prefect import task, flow
import os
import json
from src.utils import get_time, file_ul

def search_bucket_content(*args, **kwargs):
    ...

@flow(name='Search a list of bucket content with text list', log_prints=True)
def search_buckets_content(bucket: str, runner: str, bucket_path_list: list[str], search_text_list: list[str]) -> dict:
    """Search for a list of text in the list of bucket path

    Args:
        bucket (str): Bucket of where the search result will be stored
        runner (str): unique runner name
        bucket_path_list (list[str]): List of bucket paths to search
        search_text_list (list[str]): A list of text to search in object keys

    Returns:
        dict: A dictionar with search text as key and list of object keys as value
    """
    pass
