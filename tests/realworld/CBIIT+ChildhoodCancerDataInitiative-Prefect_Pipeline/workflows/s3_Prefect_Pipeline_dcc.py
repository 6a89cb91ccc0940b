# Signatures from github.com/CBIIT/ChildhoodCancerDataInitiative-Prefect_Pipeline (workflows/s3_Prefect_Pipeline_dcc.py at fe08600b7008): bodies dropped.
from prefect import flow, get_run_logger
import os
import sys
from datetime import date
try:
    from bento_mdf import MDFReader
except ImportError:
    pass
from importlib.metadata import version
try:
    parent_dir = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))
except Exception:
    pass
from src.s3_ccdi_to_sra import CCDI_to_SRA
from src.s3_ccdi_to_dbgap import CCDI_to_dbGaP
from src.s3_catcherry import CatchERRy
from src.s3_validationry_refactored import ValidationRy_new
from src.dcc_tabbreaker import tabBreakeRy_dcc
from src.utils import get_time, get_manifest_phs, file_dl, folder_dl, view_all_s3_objects, markdown_input_task, markdown_output_task, check_ccdi_version, dl_ccdi_template, dl_sra_template, get_ccdi_latest_release, ccdi_wf_inputs_ul, ccdi_wf_outputs_ul, identify_data_curation_log_file, ccdi_to_dcf_index, CCDI_DCC_Tags
try:
    from workflow.validate_submission import download_model_files
except ImportError:
    pass

class ModelParser:
    """A higher level wrapper of MDFReader class from bento-mdf that offers direct and easy access to model features"""

def get_enum_props_dict(*args, **kwargs):
    ...

def get_enum_string_property_array(*args, **kwargs):
    ...

def get_rel_from_mdf(*args, **kwargs):
    ...

@flow(name='S3 Prefect Pipeline for DCC', log_prints=True, flow_run_name='{runner}_' + f'{get_time()}')
def runner_dcc(bucket: str, file_path: str, runner: str, template_tag: str='', dbgap_previous_dir_path: str=''):
    """CCDI-DCC data curation pipeline

    Args:
        bucket (str): Bucket name of where the manifest is located in and the output goes to, such as "ccdi-validation"
        file_path (str): File path of the DCC manifest, such as "path/to/manifest.xlsx"
        runner (str): Unique runner name
        template_tag (str, optional): Tag of the DCC manifest template. Defaults to "" to use the latest version.
        dbgap_previous_dir_path (str, optional): Folder path of previous dbGaP submission folder, if applicable. Defaults to "".

    Raises:
        ValueError: Value Error occurs when the pipeline fails to proceed.
    """
    pass

@flow(name='S3 Prefect Pipeline with SRA for DCC', log_prints=True, flow_run_name='{runner}_' + f'{get_time()}')
def runner_dcc_w_SRA(bucket: str, file_path: str, runner: str, template_tag: str='', sra_template_path: str='', sra_previous_file_path: str='', dbgap_previous_dir_path: str=''):
    """CCDI-DCC data curation pipeline with SRA step

    Args:
        bucket (str): Bucket name of where the manifest is located in and the output goes to, such as "ccdi-validation"
        file_path (str): File path of the DCC manifest, such as "path/to/manifest.xlsx"
        runner (str): Unique runner name
        template_tag (str, optional): Tag of the DCC manifest template. Defaults to "" to use the latest version.
        sra_template_path (str, optional): SRA template file path in the s3 bucket. Defaults to "".
        sra_previous_file_path (str, optional): SRA previous submission file path in the s3 bucket. Defaults to "".
        dbgap_previous_dir_path (str, optional): Folder path of previous dbGaP submission folder, if applicable. Defaults to "".

    Raises:
        ValueError: Value Error occurs when the pipeline fails to proceed.
    """
    pass
