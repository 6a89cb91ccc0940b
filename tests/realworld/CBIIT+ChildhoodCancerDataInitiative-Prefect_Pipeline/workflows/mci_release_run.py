# Signatures from github.com/CBIIT/ChildhoodCancerDataInitiative-Prefect_Pipeline (workflows/mci_release_run.py at fe08600b7008): bodies dropped.
import os
import sys
from prefect import flow, get_run_logger, pause_flow_run
try:
    parent_dir = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))
except Exception:
    pass
from src.mci_monthly_release import download_diff_files, find_newly_added, ProceedtoMergeInput, MCIInputDescriptionMD
from src.utils import file_dl, CCDI_Tags, get_time, file_ul, get_date
from src.file_mover import parse_file_url
from src.submission_cruncher import concatenate_submissions

@flow(name='MCI monthly release manifest', log_prints=True)
def mci_release_manifest(bucket: str, mci_manifests_bucket_path: str, template_tag: str, previous_pull_list_path: str, runner: str) -> None:
    """Pipeline that finds newly added manifests in a given bucket folder and combines them into a single CCDI manifest

    Args:
        bucket (str): Bucket name of where output goes to
        mci_manifests_bucket_path (str): Bucket path where newly added manifests are
        template_tag (str): A CCDI template tag to use for combining new manifests
        previous_pull_list_path (str): A file path in the given bucket that contains a list of previously pulled file names
        runner (str): Unique runner name
    """
    pass
