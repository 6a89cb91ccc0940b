# Signatures from github.com/zzstoatzz/my-prefect-server (flows/brief.py at 45230a7ecda1): bodies dropped.
import hashlib
import os
import shutil
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any
try:
    import duckdb
except ImportError:
    pass
try:
    from pydantic_ai import Agent
except ImportError:
    pass
try:
    from pydantic_ai.durable_exec.prefect import PrefectAgent, TaskConfig
except ImportError:
    pass
try:
    from pydantic_ai.models.anthropic import AnthropicModel
except ImportError:
    pass
try:
    from pydantic_ai.providers.anthropic import AnthropicProvider
except ImportError:
    pass
from prefect import flow, task, get_run_logger
from prefect.blocks.system import Secret
from prefect.cache_policies import CachePolicy
from prefect.context import TaskRunContext
try:
    from mps.briefing import Briefing
except ImportError:
    pass

@dataclass
class ByItemsContent(CachePolicy):
    """Cache briefing by content hash of items + system prompt."""
SYSTEM_PROMPT = 'you are a dashboard curator for a solo developer\'s issue tracker.\ngiven scored items from github and tangled.org, produce a briefing\nwith exactly 4 sections. group by theme or status, not by source.\nkeep each section to 4-6 items. be selective, not exhaustive.\n\nbe honest and proportionate. most days are normal — say so.\ndon\'t manufacture urgency. reserve "critical", "urgent", "immediate"\nfor genuinely exceptional situations. use red accent sparingly.\nlead with the most useful observation, not the most alarming one.\n'

def make_agent(*args, **kwargs):
    ...

def load_items(*args, **kwargs):
    ...

async def generate_briefing(*args, **kwargs):
    ...

def write_briefing(*args, **kwargs):
    ...

@flow(name='brief', log_prints=True)
async def brief():
    pass
