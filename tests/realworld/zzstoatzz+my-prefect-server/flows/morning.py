# Signatures from github.com/zzstoatzz/my-prefect-server (flows/morning.py at 45230a7ecda1): bodies dropped.
import hashlib
from collections import defaultdict
from datetime import datetime, timedelta, timezone
from typing import Any
try:
    import turbopuffer
except ImportError:
    pass
try:
    from openai import OpenAI
except ImportError:
    pass
from pydantic import BaseModel, Field
try:
    from pydantic_ai import Agent
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
from prefect import flow, task
from prefect.blocks.system import Secret
from prefect.cache_policies import CachePolicy
from prefect.context import TaskRunContext
from prefect.variables import Variable
try:
    from mps.phi import TagCluster, TagMerge, TagRelationship
except ImportError:
    pass
TAG_REL_NAMESPACE = 'phi-tag-relationships'
TAG_REL_SCHEMA = {'tag_a': {'type': 'string', 'filterable': True}, 'tag_b': {'type': 'string', 'filterable': True}, 'relationship_type': {'type': 'string', 'filterable': True}, 'confidence': {'type': 'float'}, 'evidence': {'type': 'string'}}

def cosine_similarity(*args, **kwargs):
    ...

def _rel_id(*args, **kwargs):
    ...

class ByTagsHash(CachePolicy):
    """Cache by hash of all tags, scoped per task. Skip LLM if tag set unchanged."""

def collect_all_tags(*args, **kwargs):
    ...

def embed_tags(*args, **kwargs):
    ...

class MergeProposal(BaseModel):
    try:
        merges: list[TagMerge] = Field(default_factory=list)
    except Exception:
        pass

async def identify_tag_merges(*args, **kwargs):
    ...

def apply_tag_merges(*args, **kwargs):
    ...

class ClusterProposal(BaseModel):
    try:
        clusters: list[TagCluster] = Field(default_factory=list)
    except Exception:
        pass

async def discover_tag_relationships(*args, **kwargs):
    ...

def store_tag_relationships(*args, **kwargs):
    ...

@flow(name='morning', log_prints=True)
async def morning():
    """Morning flow: tag maintenance.

    Runs daily at 8am CT (13:00 UTC). Phases 1-3 clean up the tag graph.
    Curation is handled by a separate flow triggered on completion.
    """
    pass
