# Signatures from github.com/zzstoatzz/my-prefect-server (flows/atlas.py at 45230a7ecda1): bodies dropped.
import io
import os
import platform
import subprocess
import tempfile
import urllib.request
import zipfile
from pathlib import Path
from prefect import flow, get_run_logger, task
REPO_URL = 'https://github.com/zzstoatzz/leaflet-search.git'
CF_ACCOUNT_ID = '3e9ba01cd687b3c4d29033908177072e'
CF_PROJECT = 'leaflet-search'
_BUN_ARCH_MAP = {('Linux', 'x86_64'): 'linux-x64', ('Linux', 'aarch64'): 'linux-aarch64', ('Darwin', 'x86_64'): 'darwin-x64', ('Darwin', 'arm64'): 'darwin-aarch64'}

def _install_bun(*args, **kwargs):
    ...

def clone_repo(*args, **kwargs):
    ...

def build_atlas(*args, **kwargs):
    ...

def deploy_to_pages(*args, **kwargs):
    ...

@flow(name='rebuild-atlas', log_prints=True)
def rebuild_atlas():
    """Rebuild the 2D semantic map and deploy to Cloudflare Pages."""
    pass
