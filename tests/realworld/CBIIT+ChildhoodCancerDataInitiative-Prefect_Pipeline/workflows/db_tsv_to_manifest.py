# Signatures from github.com/CBIIT/ChildhoodCancerDataInitiative-Prefect_Pipeline (workflows/db_tsv_to_manifest.py at fe08600b7008): bodies dropped.
from prefect import flow, get_run_logger
import sys
import os
try:
    parent_dir = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))
except Exception:
    pass
from src.utils import CCDI_DCC_Tags, CCDI_Tags, get_time, folder_dl, file_ul
from src.join_tsv_to_manifest_dcc import join_tsv_to_manifest_single_study, multi_studies_tsv_join, check_subfolder
from src.join_tsv_to_manifest import join_tsv_to_ccdi_manifest_single_study, multi_studies_tsv_join_ccdi

@flow(name='Join TSV files to CCDI-DCC manifest', log_prints=True, flow_run_name='join-tsv-to-manifest-{runner}-' + f'{get_time()}')
def join_tsv_to_manifest(bucket: str, runner: str, tsv_folder_path: str, dcc_template_tag: str) -> None:
    """Pipeline that combines a folder of tsv files into a single CCDI-DCC manifest

    Args:
        bucket (str): Bucket name of where tsv files located in and output goes to
        runner (str): Unique runner name
        tsv_folder_path (str): Folder path of tsv files in the bucket
        dcc_template_tag (str): Tag name of the DCC template to use for the manifest generation.

    Raises:
        ValueError: Value Error raised if pipeline fails to proceed
    """
    pass

def join_tsv_to_ccdi_manifest(*args, **kwargs):
    ...
