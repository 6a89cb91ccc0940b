# Signatures from github.com/CBIIT/ChildhoodCancerDataInitiative-cBioPortal-Workflows (src/utils.py at 9f2a772c0a99): bodies dropped.
import subprocess, os, json
from datetime import datetime
from pytz import timezone
from prefect import task, flow, get_run_logger
try:
    import mysql.connector
except ImportError:
    pass
try:
    import pandas as pd
except ImportError:
    pass
try:
    import boto3
except ImportError:
    pass
import re
try:
    from botocore.exceptions import ClientError
except ImportError:
    pass
import logging

def get_time(*args, **kwargs):
    ...

def set_s3_resource(*args, **kwargs):
    ...

def get_secret(*args, **kwargs):
    ...

def file_dl(*args, **kwargs):
    ...

def folder_dl(*args, **kwargs):
    ...

def create_dump(*args, **kwargs):
    ...

def upload_to_s3(*args, **kwargs):
    ...

def restore_dump(*args, **kwargs):
    ...

def db_counter(*args, **kwargs):
    ...

def get_logger(*args, **kwargs):
    ...

def upload_folder_to_s3(*args, **kwargs):
    ...

def restart_ecs_service(*args, **kwargs):
    ...

def process_dump_file(*args, **kwargs):
    ...
