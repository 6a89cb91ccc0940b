# Signatures from github.com/CBIIT/CCDI-Hub-Prefect-Dataloader (prefect_data_loader.py at 6599d18a64fd): bodies dropped.
from prefect import flow, task
import os
import sys
try:
    from loader import main
except ImportError:
    pass
try:
    from config import PluginConfig
except ImportError:
    pass
try:
    from bento.common.secret_manager import get_secret
except ImportError:
    pass
from typing import Literal
from datetime import datetime
from pytz import timezone
import pkg_resources
try:
    import inflect
except ImportError:
    pass
import yaml
NEO4J_URI = 'neo4j_uri'
NEO4J_PASSWORD = 'neo4j_password'
SUBMISSION_BUCKET = 'submission_bucket'
DropDownChoices = Literal[True, False]
ModeDropDownChoices = Literal['upsert', 'new', 'delete']

def get_time(*args, **kwargs):
    ...

def create_prop_file(*args, **kwargs):
    ...

def load_data(*args, **kwargs):
    ...

class Config:
    pass

@flow(name='CCDI Hub Data Loader', log_prints=True)
def ccdi_hub_data_loader(secret_name: str, metadata_folder: str, runner: str, model_tag: str, cheat_mode: DropDownChoices, dry_run: DropDownChoices, wipe_db: DropDownChoices, mode: ModeDropDownChoices, split_transaction: DropDownChoices) -> None:
    """Entrypoint of prefect data loader for CCDI sandbox DB

    Args:
        secret_name (str): secret name stored in AWS secrets manager.
        metadata_folder (str): folder name under bucket s3://ccdi-nonprod-inventory-etl-staging-update.
        runner (str): unique runner name that will be used for log folder
        model_tag (str): tag of the model to use.
        cheat_mode (DropDownChoices): If turn on cheat mode.
        dry_run (DropDownChoices): if dry run.
        wipe_db (DropDownChoices): if wipe the entire database.
        mode (ModeDropDownChoices): data loading mode.
        split_transaction (DropDownChoices): if split transaction.
    """
    pass
