# Signatures from github.com/CBIIT/prefect-toolkit (workflow/validate_submission.py at 5705f799ca7b): bodies dropped.
from src.commons.submval import SubmVal
from src.commons.datamodel import ReadDataModel, GetDataModel
from src.commons.utils import AwsUtils, get_date, get_time
from prefect import get_run_logger, flow, task
from typing import Literal
import os
DropDownChoices = Literal['ccdi', 'icdc', 'cds', 'c3dc', 'ctdc']

def val_format(*args, **kwargs):
    ...

def val_required(*args, **kwargs):
    ...

def val_whitespace(*args, **kwargs):
    ...

def val_numeric(*args, **kwargs):
    ...

def val_terms(*args, **kwargs):
    ...

def val_crosslinks(*args, **kwargs):
    ...

def val_keyid(*args, **kwargs):
    ...

def download_model_files(*args, **kwargs):
    ...

def write_report(*args, **kwargs):
    ...

@flow(name='Validate Submission Files', log_prints=True)
def validate_submission_tsv(submission_loc: str, commons_name: DropDownChoices, val_output_bucket: str, runner: str, tag: str='', exclude_node_type: list[str]=[], skip_uniq_key_val: bool=False) -> None:
    """Prefect flow which validates a folder of submission tsv files against data model

    Args:
        submission_loc (str): Bucket location of submission files (tsv). Whitespace is NOT allowed, e.g., s3://bucket-name/folder-path
        commons_name (DropDownChoices): Commons acronym. Acceptable options are: ccdi, icdc, cds, c3dc, ctdc
        val_output_bucket (str): Bucket name of where validation output be uploaded to
        runner (str): Unique runner name without whitespace, e.g., john_smith
        tag (str, optional): Tag name of the data model. Defaults to "" to use master branch.
        exclude_node_type (list[str], optional): List of nodes to exclude. Defaults to [].
        skip_uniq_key_val (bool, optional): If skip unique key property validation. Defaults to False.
    """
    pass

def validate_data_model(*args, **kwargs):
    ...
