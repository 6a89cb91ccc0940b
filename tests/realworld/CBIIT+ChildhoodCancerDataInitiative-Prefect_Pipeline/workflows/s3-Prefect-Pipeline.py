# Signatures from github.com/CBIIT/ChildhoodCancerDataInitiative-Prefect_Pipeline (workflows/s3-Prefect-Pipeline.py at fe08600b7008): bodies dropped.
from prefect import flow, get_run_logger
import os
import sys
from datetime import date
try:
    parent_dir = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))
except Exception:
    pass
from src.s3_ccdi_to_sra import CCDI_to_SRA
from src.s3_ccdi_to_dbgap import CCDI_to_dbGaP
from src.s3_catcherry import CatchERRy
from src.s3_validationry_refactored import ValidationRy_new
from src.s3_ccdi_to_tabbreakery import tabBreakeRy
from src.utils import get_time, get_date, get_manifest_phs, file_dl, folder_dl, view_all_s3_objects, markdown_input_task, markdown_output_task, check_ccdi_version, dl_ccdi_template, dl_sra_template, get_ccdi_latest_release, ccdi_wf_inputs_ul, ccdi_wf_outputs_ul, identify_data_curation_log_file, ccdi_to_dcf_index

@flow(name='S3 Prefect Pipeline', log_prints=True, flow_run_name='{runner}_' + f'{get_time()}')
def runner(bucket: str, file_path: str, runner: str, template_path: str='', sra_template_path: str='', sra_previous_file_path: str='', dbgap_previous_dir_path: str=''):
    """CCDI data curation pipeline

    Args:
        bucket (str): Bucket name of where the manifest is located in and the output goes to
        file_path (str): File path of the CCDI manifest
        runner (str): Unique runner name
        template_path (str, optional): File path of the CCDI manifest template. Defaults to "" to use the latest version.
        sra_template_path (str, optional): File path of the SRA template. Defaults to "" to use a template from GitHub repo.
        sra_previous_file_path (str, optional): File path of previous SRA submission file, if applicable. Defaults to "".
        dbgap_previous_dir_path (str, optional): Folder path of previous dbGaP submission folder, if applicable. Defaults to "".

    Raises:
        ValueError: Value Error occurs when the pipeline fails to proceed.
    """
    pass
