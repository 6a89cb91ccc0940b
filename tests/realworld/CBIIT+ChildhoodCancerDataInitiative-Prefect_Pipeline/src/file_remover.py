# Signatures from github.com/CBIIT/ChildhoodCancerDataInitiative-Prefect_Pipeline (src/file_remover.py at fe08600b7008): bodies dropped.
from prefect import flow, task, get_run_logger
from src.utils import set_s3_session_client
from src.read_buckets import paginate_parameter
from src.file_mover import parse_file_url
try:
    from botocore.exceptions import ClientError
except ImportError:
    pass
from dataclasses import dataclass
from prefect.input import RunInput
import os
import hashlib
try:
    import pandas as pd
except ImportError:
    pass
try:
    import numpy as np
except ImportError:
    pass
from typing import TypeVar
from src.utils import get_time
from prefect.cache_policies import NO_CACHE
try:
    DataFrame = TypeVar('DataFrame')
except Exception:
    pass

class FlowPathInput(RunInput):
    have_manifest: str

class ManifestPathInput(RunInput):
    bucket: str
    manifest_tsv_path: str
    delete_column_name: str
    runner: str

class NoManifestPathInput(RunInput):
    prod_bucket_path: str
    staging_bucket_path: str
    workflow_output_bucket: str
    runner: str

class ObjectDeletionInput(RunInput):
    proceed_to_delete: str

@dataclass
class InputDescriptionMD:
    """dataclass for wait for input description MD"""
    have_manifest_md: str = "\n**Welcome to the File Remover Workflow!**\nToday's Date: *{current_time}*\n\nDo you have a **TSV** manifest containing a column of **s3 URI endpoints** to be deleted :\n- **have_manifest**: y/n\n\n"
    manifest_inputs_md: str = '\n**Please provide inputs as shown below**\n\n- **bucket**: bucket name of where the manifest lives (e.g., ccdi-validation)\n- **manifest_tsv_path**: path of the manifest(tsv) in the bucket (e.g., folder/manifest.tsv)\n- **delete_column_name**: column name of s3 URI to be deleted. S3 URI starts with s3://\n- **runner**: your runner id\n\n'
    no_manifest_inputs_md: str = '\n**Please provide inputs as shown below**\n\n- **prod_bucket_path**: a bucket path containing files you would like to keep (e.g., prod-bucket/example_subfolder)\n- **staging_bucket_path**: a bucket path containing duplicated objects that you would like to delete (e.g., staging-bucket/example_subfolder)\n- **workflow_output_bucket**: the bucket where the workflow output will be uploaded to (e.g., ccdi-validation)\n- **runner**: your runner id\n\n'
    object_deletion_md: str = '\n**Please provide inputs as shown below**\n\n!!CAUTION!!\n\nMake sure you have reviewed the manifest *{manifest_file}* under bucket *{bucket}* folder *{folder}*\n\n- **proceed_to_delete**: y/n\n\n'

def list_to_chunks(*args, **kwargs):
    ...

def count_success_fail(*args, **kwargs):
    ...

def if_object_exists(*args, **kwargs):
    ...

def parse_bucket_folder_path(*args, **kwargs):
    ...

def construct_staging_bucket_key(*args, **kwargs):
    ...

def get_md5sum(*args, **kwargs):
    ...

def objects_md5sum(*args, **kwargs):
    ...

def objects_staging_key(*args, **kwargs):
    ...

def objects_if_exist(*args, **kwargs):
    ...

def delete_single_object_by_uri(*args, **kwargs):
    ...

def delete_objects_by_uri(*args, **kwargs):
    ...

def retrieve_objects_from_bucket_path(*args, **kwargs):
    ...

def find_missing_objects(*args, **kwargs):
    ...

def create_matching_object_manifest(*args, **kwargs):
    ...

def objects_deletion(*args, **kwargs):
    ...
