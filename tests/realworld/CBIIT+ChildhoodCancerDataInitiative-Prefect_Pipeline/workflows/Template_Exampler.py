# Signatures from github.com/CBIIT/ChildhoodCancerDataInitiative-Prefect_Pipeline (workflows/Template_Exampler.py at fe08600b7008): bodies dropped.
from prefect import flow, task, get_run_logger
import os
import sys
try:
    parent_dir = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))
except Exception:
    pass
from src.template_exampler import make_template_example, make_template_exampler_md
from src.utils import CCDI_Tags, get_time, get_date, file_ul

@flow(name='Template Exampler', log_prints=True, flow_run_name='template-exampler-{runner}-' + f'{get_time()}')
def run_template_exampler(bucket: str, runner: str, number_of_entries: int, ccdi_manifest_version: str='default_to_latest') -> None:
    """Pipelinei that generates simulated data for CCDI manifest

    Args:
        bucket (str): Bucket name of where the output goes to
        runner (str): Unique runner name
        number_of_entries (int): Number of data enteries in each node
        ccdi_manifest_version (str, optional): The tag name of CCDI manifest. Defaults to "default_to_latest".
    """
    pass
