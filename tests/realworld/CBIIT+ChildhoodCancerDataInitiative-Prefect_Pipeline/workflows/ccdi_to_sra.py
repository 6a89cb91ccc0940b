# Signatures from github.com/CBIIT/ChildhoodCancerDataInitiative-Prefect_Pipeline (workflows/ccdi_to_sra.py at fe08600b7008): bodies dropped.
from prefect import flow, task, get_run_logger
import os
import sys
try:
    parent_dir = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))
except Exception:
    pass
from src.s3_ccdi_to_sra import CCDI_to_SRA
from src.utils import file_ul, file_dl, get_time, identify_data_curation_log_file

@flow(name='CCDI to SRA submission', log_prints=True)
def run_ccdi_to_sra(bucket: str, manifest_path: str, template_path: str, runner: str, pre_submission=None) -> None:
    pass
