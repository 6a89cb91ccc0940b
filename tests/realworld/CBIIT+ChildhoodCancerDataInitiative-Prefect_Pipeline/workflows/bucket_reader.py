# Signatures from github.com/CBIIT/ChildhoodCancerDataInitiative-Prefect_Pipeline (workflows/bucket_reader.py at fe08600b7008): bodies dropped.
from prefect import flow, task, get_run_logger
import os
import sys
try:
    parent_dir = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))
except Exception:
    pass
from src.utils import get_time, file_ul
from src.read_buckets import read_bucket_content, bucket_reader_md, single_bucket_content_str
try:
    from botocore.exceptions import ClientError
except ImportError:
    pass
import json
import traceback

@flow(name='Bucket Reader', log_prints=True, flow_run_name='bucket-reader-{runner}-' + f'{get_time()}')
def reader(buckets: list[str], runner: str, write_out: bool, bucket_write_out: str) -> None:
    """Pipeline that reads contents of a list of bucket names/paths

    Args:
        buckets (list[str]): A list of bucket name/path, e.g., ["my-first-bucket", "my-second-bucket/subdir"]. Click "Add item" to add more list item.
        runner (str): Unique runner name to identify the workflow run, e.g., your name or team name. It will be used in flow_run_name and markdown output file name. 
        write_out (bool): Whether to write out the bucket content summary in a markdown file.
        bucket (str): The bucket name/path to write the output markdown file. 
    """
    pass
