# Signatures from github.com/CBIIT/ChildhoodCancerDataInitiative-Prefect_Pipeline (workflows/submission_liftover.py at fe08600b7008): bodies dropped.
from prefect import flow, task, get_run_logger
import os
from typing import Literal
try:
    import pandas as pd
except ImportError:
    pass
import sys
from src.utils import folder_dl, file_dl, folder_ul, file_ul, get_time, CheckCCDI, CCDI_DCC_Tags
from src.manifest_liftover import liftover_tags
from src.liftover_generic import liftover_to_tsv
from src.commons.datamodel import GetDataModel
FromAcrynomDropDown = Literal['ccdi', 'cds', 'c3dc', 'icdc', 'ctdc', 'ccdi_dcc', 'unknown']
ToAcrynomDropDown = Literal['ccdi', 'cds', 'c3dc', 'icdc', 'ctdc', 'ccdi_dcc']

def lift_to_tag_in_mapping(*args, **kwargs):
    ...

def parse_ccdi_manifest_to_tsv(*args, **kwargs):
    ...

def parse_ccdi_dcc_manifest_to_tsv(*args, **kwargs):
    ...

@flow(name='Submission liftover', log_prints=True)
def submission_liftover(bucket: str, submission_path: str, lift_from_acronym: FromAcrynomDropDown, lift_from_tag: str, lift_to_acronym: ToAcrynomDropDown, lift_to_tag: str, liftover_mapping_filepath: str, runner: str) -> None:
    """A generalized liftover pipeline that can liftover a set of submission tsv files to another version of submission tsv files.

    Args:
        bucket (str): bucket name
        submission_path (str): folder path contains a set of tsv files under bucket, e.g. "submissions/submission_tsv_files/" OR file path of CCDI metadata manifest (The lift_from_acronym must be ccdi in this case) OR file path of CCDI-DCC metadata manifest (The lift_from_acronym must be ccdi_dcc in this case)
        lift_from_acronym (AcrynomDropDown): lift from acronym. Choose one from the dropdown list
        lift_from_tag (str): tag of lift from. This can be left empty if lift_from_acronym is UNKNOWN
        lift_to_acronym (AcrynomDropDown): lift to acronym. Choose one from the dropdown list
        lift_to_tag (str): tag of lift to
        liftover_mapping_filepath (str): Mapping file path under bucket, e.g., "mapping_files/ccdi_2.1.0_to_cds_6.0.2_mapping.tsv"
        runner (str): unique runner identifier
    """
    pass

@flow(name='Generic liftover from CCDI to DCC', log_prints=True)
def submission_liftover_ccdi_to_dcc(bucket: str, runner: str, submission_path: str, liftover_mapping_filepath: str, lift_from_acronym: str='ccdi', lift_from_tag: str='3.1.0', lift_to_acronym: str='ccdi_dcc', lift_to_tag: str='1.0.0') -> None:
    """CCDI to DCC liftover ONLY.
    A liftover pipeline that liftover a CCDI template manifest to a DCC template manifest. 
    This pipeline is an extension of the generic liftover pipeline which handles CCDI to DCC liftover.
    Args:
        bucket (str): bucket name
        runner (str): unique runner identifier
        submission_path (str): folder path contains a set of tsv files under bucket, e.g. "submissions/submission_tsv_files/" OR file path of CCDI metadata manifest (The lift_from_acrynom must be CCDI in this case)
        liftover_mapping_filepath (str): Mapping file path under bucket, e.g., "mapping_files/ccdi_2.1.0_to_cds_6.0.2_mapping.tsv"
        lift_from_acronym (AcrynomDropDown): lift from acronym. This deployment is designed to liftover from CCDI only.
        lift_from_tag (str): tag of lift from. Default to 3.1.0
        lift_to_acronym (AcrynomDropDown): lift to acronym. This deployment is designed to liftover to CCDI-DCC only.
        lift_to_tag (str): tag of lift to. Default to 1.0.0
    """
    pass
