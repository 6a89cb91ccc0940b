# Signatures from github.com/zzstoatzz/my-prefect-server (flows/cleanup.py at 45230a7ecda1): bodies dropped.
import asyncio
from datetime import datetime, timedelta, timezone
from typing import Any, Literal
from prefect import flow, get_run_logger, task
from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterStartTime, FlowRunFilterState, FlowRunFilterStateName
from prefect.exceptions import ObjectNotFound
from pydantic import BaseModel, Field

class RetentionConfig(BaseModel):
    try:
        days_to_keep: int = Field(default=30, ge=1, le=365, description='Days of flow run history to retain (1-365)', json_schema_extra={'position': 0})
    except Exception:
        pass
    try:
        states_to_clean: list[Literal['Completed', 'Failed', 'Cancelled', 'Crashed']] = Field(default=['Completed', 'Failed', 'Cancelled', 'Crashed'], description='Terminal states to include in cleanup', json_schema_extra={'position': 1})
    except Exception:
        pass
    try:
        batch_size: int = Field(default=100, ge=10, le=1000, description='Deletes per batch (10-1000)', json_schema_extra={'position': 2})
    except Exception:
        pass
    try:
        rate_limit_delay: float = Field(default=0.5, ge=0.0, le=10.0, description='Seconds between batches (0-10)', json_schema_extra={'position': 3})
    except Exception:
        pass
    try:
        dry_run: bool = Field(default=True, description='Preview only — no deletions', json_schema_extra={'position': 4})
    except Exception:
        pass

async def delete_old_flow_runs(*args, **kwargs):
    ...

def _cleanup_run_name(*args, **kwargs):
    ...

@flow(name='cleanup', flow_run_name=_cleanup_run_name, log_prints=True)
async def cleanup(config: RetentionConfig=RetentionConfig()) -> dict[str, Any]:
    """Delete old terminal flow runs.

    Defaults to dry_run=True — set dry_run=False to actually delete.
    """
    pass
