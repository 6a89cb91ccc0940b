# Signatures from github.com/CBIIT/ChildhoodCancerDataInitiative-Prefect_Pipeline (workflows/ccdi_manifest_liftover.py at fe08600b7008): bodies dropped.
from prefect import flow, get_run_logger
import os
import sys
try:
    parent_dir = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))
except Exception:
    pass
from src.utils import file_dl, dl_ccdi_template, CCDI_Tags, get_time, file_ul
from src.manifest_liftover import tags_validation, liftover_tags, validate_mapping, liftover_to_template

@flow(name='CCDI manifest liftover')
def manifest_liftover(bucket: str, lift_from_filepath: str, lift_to_tag: str, liftover_mapping_filepath: str, runner: str) -> None:
    """Pipeline that lifts a CCDI manifest to a different version using a mapping file

    Args:
        bucket (str): Bucket name of where the lift from manifest located in and the output goes to
        lift_from_filepath (str): File path of CCDI manifest in the given bucket
        lift_to_tag (str): The tag name of lifted to manifest
        liftover_mapping_filepath (str): File path of mapping file in the given bucket
        runner (str): Unique runner name

    Raises:
        ValueError: Value Error raised if pipeline fails to proceed
    """
    pass
