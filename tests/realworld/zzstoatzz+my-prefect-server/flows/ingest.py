# Signatures from github.com/zzstoatzz/my-prefect-server (flows/ingest.py at 45230a7ecda1): bodies dropped.
import datetime
import os
from dataclasses import dataclass
from typing import Any
import httpx
from prefect import flow, get_run_logger, task, unmapped
from prefect.blocks.system import Secret
from prefect.cache_policies import CachePolicy
from prefect.context import TaskRunContext
try:
    from mps.db import write_github_issues, write_liked_posts, write_likes, write_phi_interactions, write_phi_observations, write_tangled_items
except ImportError:
    pass
try:
    from mps.github import IssueOrPR, IssueRef, gh_headers
except ImportError:
    pass
try:
    from mps.phi import PhiInteraction, PhiObservation, restore_handle
except ImportError:
    pass
try:
    from mps.likes import LikeRecord, LikedPost, fetch_likes, summarize_embed
except ImportError:
    pass
try:
    from mps.tangled import PDS_BASE, TangledItem, fetch_items, fetch_repo_at_uris
except ImportError:
    pass
GITHUB_API = 'https://api.github.com'
TANGLED_COLLECTIONS = ['sh.tangled.repo.issue', 'sh.tangled.repo.pull', 'sh.tangled.repo.issue.comment', 'sh.tangled.repo.pull.comment']
_CACHE_VERSION = 'v2'

@dataclass
class ByRepoAndNumber(CachePolicy):
    """Cache key is repo + number only — ignores token and other args."""

def load_token(*args, **kwargs):
    ...

def fetch_notifications(*args, **kwargs):
    ...

def fetch_issue_or_pr(*args, **kwargs):
    ...

def fetch_authored_items(*args, **kwargs):
    ...

def fetch_all_tangled_items(*args, **kwargs):
    ...
USER_NS_PREFIX = 'phi-users-'

def fetch_phi_memory(*args, **kwargs):
    ...

def fetch_nate_likes(*args, **kwargs):
    ...

def persist_likes(*args, **kwargs):
    ...

def resolve_liked_posts(*args, **kwargs):
    ...

def persist_liked_posts(*args, **kwargs):
    ...

def persist_phi(*args, **kwargs):
    ...

def _db_path(*args, **kwargs):
    ...

def persist_github(*args, **kwargs):
    ...

def persist_tangled(*args, **kwargs):
    ...

@flow(name='ingest', log_prints=True)
def ingest(only_unread: bool=True):
    """
    Fetch GitHub, tangled.org, and phi memory concurrently, then persist sequentially.
    """
    pass
