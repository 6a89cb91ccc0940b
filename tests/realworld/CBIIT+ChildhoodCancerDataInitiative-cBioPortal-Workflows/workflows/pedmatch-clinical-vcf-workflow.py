# Signatures from github.com/CBIIT/ChildhoodCancerDataInitiative-cBioPortal-Workflows (workflows/pedmatch-clinical-vcf-workflow.py at 9f2a772c0a99): bodies dropped.
try:
    import os, pandas as pd
except ImportError:
    pass
import csv
from typing import Literal
from prefect import flow, task
from prefect.task_runners import ConcurrentTaskRunner
from src.utils import get_time, file_dl, upload_folder_to_s3, get_run_logger, get_time, get_logger
from workflows.cnv import download_cnv, gistic_like_calls
import shutil
import math
try:
    from prefect_shell import ShellOperation
except ImportError:
    pass
from workflows.vcf_anno import install_nexus, annotator, concat_mafs

def read_manifest(*args, **kwargs):
    ...
DropDownChoices = Literal['parse_transform', 'cleanup']
VCF_HEADER_COLS = ['CHROM', 'POS', 'ID', 'REF', 'ALT', 'QUAL', 'FILTER', 'INFO', 'FORMAT']

def clin_vcf_file_prep(*args, **kwargs):
    ...

def copy_number_to_log2(*args, **kwargs):
    ...

def fusion_file_prep(*args, **kwargs):
    ...

def fusion_flow(*args, **kwargs):
    ...

def cnv_file_prep(*args, **kwargs):
    ...

def cnv_segment_file_prep(*args, **kwargs):
    ...

def cnv_discrete_file_prep(*args, **kwargs):
    ...

def cnv_log2_continuous_file_prep(*args, **kwargs):
    ...

def cnv_flow(*args, **kwargs):
    ...

def snv_flow(*args, **kwargs):
    ...

def concat_maf_check(*args, **kwargs):
    ...

def pt_paired_vcf_task(*args, **kwargs):
    ...

def prepare_patient_data(*args, **kwargs):
    ...

def process_patient_results(*args, **kwargs):
    ...

def batch_process(*args, **kwargs):
    ...

def snv_annotation_flow(*args, **kwargs):
    ...

def add_vaf(*args, **kwargs):
    ...

def add_vaf_flow(*args, **kwargs):
    ...

@flow(name='pedmatch_clinical_vcf_flow', log_prints=True, task_runner=ConcurrentTaskRunner(max_workers=2))
def pedmatch_clinical_vcf_flow(bucket: str, output_dir: str, manifest_path: str, flow_type: DropDownChoices):
    """Parse, format and annotate variants from clinical VCFs for pedmatch

    Args:
        bucket (str): s3 bucket to download/upload files from/to
        output_dir (str): path to directory to store intermediate and output files in s3
        manifest_path (str): path in s3 to the manifest file listing input VCFs; manifest headers are sample_id, sample_type, participant_id, file_name, s3_url and md5sum
        flow_type: str: whether to run the parse and transform steps or just the cleanup step to remove intermediate files; options are "parse_transform" or "cleanup"
    """
    pass
