# Signatures from github.com/CBIIT/ChildhoodCancerDataInitiative-Prefect_Pipeline (workflows/cog_igm_transformer.py at fe08600b7008): bodies dropped.
import os
import sys
from typing import Literal
from datetime import datetime
try:
    import pandas as pd
except ImportError:
    pass
import shutil
from src.cog_igm_utils import manifest_reader, cog_igm_json2tsv
from src.utils import get_time, folder_ul, file_dl, get_date
from prefect import flow, get_run_logger
try:
    from prefect_shell import ShellOperation
except ImportError:
    pass
FormParsing = Literal['cog_only', 'igm_only', 'cog_and_igm', 'data_clean_up']

@flow(name='COG IGM JSON Transform', log_prints=True, flow_run_name='cog_igm_transform-{runner}_' + f'{get_time()}')
def cog_igm_transform(bucket: str, runner: str, manifest_path: str, form_parsing: FormParsing, file_path: str=''):
    """CCDI data curation pipeline

    Args:
        bucket (str): Bucket name of where the manifest is located in and the output goes to
        runner (str): Unique runner name where manifest located and where to direct outputs to
        manifest_path (str): File path of the CCDI study manifest
        form_parsing (str): Select whether to parse out form level TSVs for COG, or parse variant sections of IGM or parse both OR perform data clean up previously downloaded JSONs
        file_path (str): optional; FULL path to the working directory where the clinical files are located, avoid redownloading files if they are already present, e.g. /usr/local/data/COG_IGM_Transform_working_20251006_T132846

    """
    pass
