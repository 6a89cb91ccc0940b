# Signatures from github.com/zzstoatzz/my-prefect-server (flows/pds_records.py at 45230a7ecda1): bodies dropped.
import re
from typing import Any, Literal
try:
    from atproto import AsyncClient
except ImportError:
    pass
from pydantic import BaseModel, Field
from prefect import flow, task
from prefect.blocks.system import Secret
from prefect.cache_policies import NONE
try:
    from pdsx._internal.auth import login
except ImportError:
    pass
try:
    from pdsx._internal.operations import create_record, delete_record, list_records, update_record
except ImportError:
    pass
Action = Literal['list', 'delete', 'create', 'update']

class PdsRecordsConfig(BaseModel):
    """PDS record operations. Fields are shared across actions — unused fields are ignored."""
    try:
        action: Action = Field(description='list: enumerate records. delete: remove matching records. create: write new records. update: patch an existing record.', json_schema_extra=dict(position=0))
    except Exception:
        pass
    try:
        collection: str = Field(description='NSID of the collection, e.g. network.cosmik.connection', json_schema_extra=dict(position=1))
    except Exception:
        pass
    try:
        repo: str | None = Field(default=None, description='target repo DID or handle (default: authenticated user)', json_schema_extra=dict(position=2))
    except Exception:
        pass
    try:
        records: list[dict[str, Any]] = Field(default_factory=list, description='[create] record bodies to create. ignored for other actions.', json_schema_extra=dict(position=3))
    except Exception:
        pass
    try:
        uri: str | None = Field(default=None, description='[update] AT-URI of the record to update', json_schema_extra=dict(position=4))
    except Exception:
        pass
    try:
        updates: dict[str, Any] | None = Field(default=None, description='[update] fields to merge into the existing record', json_schema_extra=dict(position=5))
    except Exception:
        pass
    try:
        rkey_filter: str | None = Field(default=None, description='[delete] regex filter on rkey — only matching records are deleted. omit to match all.', json_schema_extra=dict(position=6))
    except Exception:
        pass
    try:
        dry_run: bool = Field(default=True, description='[delete] preview what would be deleted without actually deleting', json_schema_extra=dict(position=7))
    except Exception:
        pass

async def _paginate_all(*args, **kwargs):
    ...

async def list_pds_records(*args, **kwargs):
    ...

async def delete_pds_records(*args, **kwargs):
    ...

async def create_pds_records(*args, **kwargs):
    ...

async def update_pds_record(*args, **kwargs):
    ...

@flow(name='pds-records', log_prints=True)
async def pds_records(config: PdsRecordsConfig):
    """General-purpose PDS record management.

    Parameterized by action, collection, and optional filters.
    Credentials from prefect secrets. pdsx handles auth + PDS discovery.
    """
    pass
