# Signatures from github.com/CBIIT/ChildhoodCancerDataInitiative-Prefect_Pipeline (workflows/fetch_size_md5sum.py at fe08600b7008): bodies dropped.
from prefect import flow, get_run_logger, pause_flow_run, task
from prefect.input import RunInput
import os
import sys
from typing import Literal, TypeVar
try:
    parent_dir = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))
except Exception:
    pass
from src.utils import get_time, get_date, calculate_list_md5sum, calculate_list_md5sum_consecutively, calculate_list_size, file_ul, file_dl, list_to_chunks, set_s3_session_client, parse_file_url
from src.file_remover import paginate_parameter
try:
    import pandas as pd
except ImportError:
    pass

class DirectoryListInput(RunInput):
    dir_list: list[str]

class UriListInput(RunInput):
    uri_list: list[str]

class FileInput(RunInput):
    file_bucket_path: str
DropDownChoices = Literal['s3_directory', 'list_of_s3_uri', 'file_containing_s3_uri']
ConcurrencyDropDownChoices = Literal['yes', 'no']
Md5sumDropDownChoices = Literal['Run md5sum', "Don't run md5sum"]
try:
    DataFrame = TypeVar('DataFrame')
except Exception:
    pass

def list_dir_content_uri(*args, **kwargs):
    ...

def fetch_size_md5sum_with_urls(*args, **kwargs):
    ...

@flow(name='Get object size and md5sum', log_prints=True, flow_run_name='{runner}-' + f'{get_time()}')
def get_size_md5sum(bucket: str, runner: str, input_type: DropDownChoices, run_concurrency: ConcurrencyDropDownChoices, Md5sumDropDownChoices: Md5sumDropDownChoices) -> None:
    """Pipeline that calculates objects size and md5sum

    Args:
        bucket (str): Bucekt name where the output goes to
        runner (str):
        input_type (DropDownChoices): The type of input you can provide. Acceptable values are s3_directory, list_of_s3_uri, file_containing_s3_uri. If your list of uri is long (over 100), we recommond to put them in a file so the flow can read them through a file
        run_concurrency (ConcurrencyDropDownChoices): If you would like to run tasks concurrently
        Md5sumDropDownChoices (Md5sumDropDownChoices): If you would like to run md5sum calculation
    """
    pass
