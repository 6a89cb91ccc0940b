# Signatures from github.com/CBIIT/ChildhoodCancerDataInitiative-cBioPortal-Workflows (workflows/restore_db.py at 9f2a772c0a99): bodies dropped.
import os
import json
import shutil
from prefect import flow
from src.utils import get_secret, upload_to_s3, file_dl, db_counter, get_time, restore_dump, restart_ecs_service, process_dump_file
import re
from typing import Literal
try:
    from prefect_shell import ShellOperation
except ImportError:
    pass
DropDownRunChoice = Literal['restore', 'clear_working_dir']
DropDownEnvChoice = Literal['dev', 'qa', 'stage', 'prod']

@flow(name='cbio-restore-flow', log_prints=True)
def restore_db(run_type: DropDownRunChoice, target_env_name: DropDownEnvChoice, source_bucket: str, sql_dump_path: str, output_bucket: str, output_path: str):
    """Execute database restore and upload to S3.

    Args:
        run_type (str): Type of run for workflow (i.e. restore db + validate restore, or clear working dir)
        target_env_name (str): Environment to restore database to (e.g., qa, stage, prod)
        source_bucket (str): S3 bucket name to download from (e.g. cbio-backup-dev)
        sql_dump_path (str): Path to the SQL dump file in the S3 bucket
        output_bucket (str): S3 bucket name to upload to (e.g. cbio-backup-qa)
        output_path (str): Path in the S3 bucket where the output/validation file(s) will be uploaded
    """
    pass
