# Signatures from github.com/CBIIT/ChildhoodCancerDataInitiative-Prefect_Pipeline (workflows/file_mover_delete.py at fe08600b7008): bodies dropped.
from prefect import flow, task, get_run_logger
import os
import sys
try:
    import pandas as pd
except ImportError:
    pass
from typing import TypeVar
try:
    from botocore.errorfactory import ClientError
except ImportError:
    pass
from prefect.cache_policies import NO_CACHE
try:
    parent_dir = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))
except Exception:
    pass
from src.utils import get_time, file_dl, file_ul, get_date, set_s3_session_client, get_logger
from src.file_mover import copy_object_parameter, dest_object_url, copy_file_flow, parse_file_url, compare_md5sum_flow
from src.file_remover import objects_deletion, retrieve_objects_from_bucket_path
try:
    DataFrame = TypeVar('DataFrame')
except Exception:
    pass

def create_file_mover_metadata(*args, **kwargs):
    ...

def generate_copy_parameter(*args, **kwargs):
    ...

def check_if_directory(*args, **kwargs):
    ...

def identify_obj_dir(*args, **kwargs):
    ...

def identify_obj_uri_valid(*args, **kwargs):
    ...

def int_results_recorder(*args, **kwargs):
    ...

@flow(name='file mover and delete', log_prints=True, flow_run_name='file-mover-delete-{runner}-' + f'{get_time()}')
def file_mover_delete(bucket: str, runner: str, obj_list_tsv_path: str, move_to_bucket_folder: str) -> None:
    """Moves objects listed in a tsv file to a new folder in the same bucket

    Args:
        bucket (str): Bucket of where tsv lives and output goes to.
        runner (str): unique runner name
        obj_list_tsv_path (str): A file contains a column of s3 uri (s3://{bucket-name}/{file-path}). NO header needed
        move_to_bucket_folder (str): Bucker folder name of where the obj will be moved to. An example of bucker folder can be s3://dst-bucket/newfolder
    """
    pass

@flow(name='file mover and delete alt', log_prints=True, flow_run_name='file-mover-delete-alt-{runner}-' + f'{get_time()}')
def file_mover_delete_complete_input(bucket: str, runner: str, obj_tsv_file_path: str) -> None:
    """Moves objects listed in a tsv file to a new location based on the tsv input file.
    The tsv contains two columns: original_uri and dest_uri. The dest_uri is the new location of the file. This is a generic file mover worklfow,
    which covers use cases when the runner doesn't want to preserve the original file path strucutre.

    Args:
        bucket (str): Bucket of where output goes to.
        runner (str): unique runner name
        obj_tsv_file_path (str): A tsv file s3 uri (s3://{bucket-name}/{file-path}/{tsv-name}.tsv) which contains two columns, original_uri and dest_uri. Valid s3 uri format is expected under each column, e.g., s3://{bucket-name}/{file-path}/{file-name}).
    """
    pass
