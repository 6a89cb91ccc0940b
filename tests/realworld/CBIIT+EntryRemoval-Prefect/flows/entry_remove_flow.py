# Signatures from github.com/CBIIT/EntryRemoval-Prefect (flows/entry_remove_flow.py at 8ec89f187b92): bodies dropped.
from __future__ import annotations
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Optional, Tuple
from prefect import flow, task, get_run_logger
from prefect.artifacts import create_markdown_artifact
try:
    import boto3
except ImportError:
    pass

def _is_s3_path(*args, **kwargs):
    ...

def _split_s3_url(*args, **kwargs):
    ...

def stage_inputs(*args, **kwargs):
    ...

def run_entry_remove_script(*args, **kwargs):
    ...

def ship_outputs_to_s3(*args, **kwargs):
    ...

def publish_run_summary(*args, **kwargs):
    ...

@flow(name='entry-remove-flow')
def run_entry_remove(s3_bucket: str, manifest_key: str, template_key: str, entries_key: str, output_prefix: str) -> dict:
    """
    Prefect flow that wraps entry_remove.py for use in Prefect UI / ECS.

    Parameters (UI-facing)
    ----------------------
    s3_bucket : str
        Bucket where inputs live and outputs are stored (e.g. 'ccdi-validation').
    manifest_key : str
        S3 key (path inside the bucket) for the working manifest.
        Example: 'incoming/user123/manifest.xlsx'
    template_key : str
        S3 key for the manifest template.
        Example: 'templates/manifest_template.xlsx'
    entries_key : str
        S3 key for the file listing entries to remove.
        Example: 'incoming/user123/entries.tsv'
    output_prefix : str
        Prefix inside s3_bucket where outputs will be written.
        Example: 'outputs/entry-remove/user123/'

    outputs_glob : str
        Pattern to match local output files produced by entry_remove.py.
    manifest_path, template_path, entries_path : str
        Local paths for testing or non-S3 runs.

    s3_output_prefix : Optional[str]
        Full S3 URL for output prefix. If not provided, one is built from
        s3_bucket + output_prefix.
    python_exe : Optional[str]
        Alternate Python executable to run entry_remove.py
    """
    pass

def serve_locally(*args, **kwargs):
    ...
