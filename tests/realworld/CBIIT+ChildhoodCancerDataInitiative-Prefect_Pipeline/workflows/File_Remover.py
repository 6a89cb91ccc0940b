# Signatures from github.com/CBIIT/ChildhoodCancerDataInitiative-Prefect_Pipeline (workflows/File_Remover.py at fe08600b7008): bodies dropped.
import sys
import os
from prefect import flow, pause_flow_run, get_run_logger
from typing import Literal
try:
    parent_dir = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))
except Exception:
    pass
from src.utils import get_time, file_dl, file_ul
from src.file_remover import InputDescriptionMD, FlowPathInput, ManifestPathInput, NoManifestPathInput, ObjectDeletionInput, objects_deletion, create_matching_object_manifest
DropDownChoices = Literal['yes', 'no']

@flow(name='File Remover Pipeline', log_prints=True)
def run_file_remover(do_you_have_tsv_manifest: DropDownChoices) -> None:
    """Pipeline that deletes file objects from a given tsv manifest or bucket folder path

    Args:
        do_you_have_tsv_manifest (DropDownChoices): Do you have a manifest that contains a column of s3 object uri to be deleted

    Raises:
        ValueError: Value Error raised if the input parameter is invalid
    """
    pass
