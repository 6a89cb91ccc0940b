# Signatures from github.com/zzstoatzz/my-prefect-server (flows/compact.py at 45230a7ecda1): bodies dropped.
import hashlib
import os
import shutil
from collections import defaultdict
from datetime import datetime, timedelta, timezone
from typing import Any
try:
    import duckdb
except ImportError:
    pass
import httpx
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
from prefect import flow, get_run_logger, task
from prefect.blocks.system import Secret
from prefect.cache_policies import CachePolicy
from prefect.context import TaskRunContext
try:
    from mps.phi import clean_handle
except ImportError:
    pass
SYSTEM_PROMPT = "you synthesize relationship summaries for a bluesky bot named phi.\ngiven observations and recent interactions with a user, produce a dense\nparagraph that captures: who this person is, what they care about right\nnow, the tone of the relationship, and any notable patterns.\n\nwrite as notes to phi's future self. use lowercase. be honest about\nuncertainty. if the relationship is thin, say so — a thin summary beats\na fabricated one. include concrete details (projects, interests, topics)\nnot just vibes.\n\nIMPORTANT: use ONLY facts present in the provided data. the user's\nbluesky profile (handle, display name, bio) is included — use that for\ntheir name and identity. never guess or infer names.\n\ndefault to they/them pronouns unless the person has stated their own\npronouns in the data you've been given (bio, posts, observations).\nnever assume gender from a name or handle.\n"

class ByObservationsHash(CachePolicy):
    """Cache compact result by handle + observations content hash."""

def snapshot_db(*args, **kwargs):
    ...

def load_user_profiles(*args, **kwargs):
    ...

def load_user_observations(*args, **kwargs):
    ...

def load_user_interactions(*args, **kwargs):
    ...

def resolve_bsky_profile(*args, **kwargs):
    ...

def _format_stats(*args, **kwargs):
    ...

async def synthesize_summary(*args, **kwargs):
    ...

def _summary_id(*args, **kwargs):
    ...

class BySummaryContent(CachePolicy):
    """Cache write by handle + summary text hash. Skips embed+upsert when unchanged."""

def write_summary_to_turbopuffer(*args, **kwargs):
    ...
LIKES_SYSTEM_PROMPT = "you extract observations about a bluesky user from context nate provided by liking their posts.\nyou're given what phi already knows (if anything), the user's profile, their posts that nate liked,\nand any publications they have.\n\nproduce 1-3 atomic observations. each should be a concrete fact (what they work on, what they write\nabout, a specific project, a notable take). include 1-3 lowercase tags.\n\nfor each observation, specify an action:\n- ADD: genuinely new fact not covered by existing knowledge\n- UPDATE: existing knowledge is stale or incomplete — provide the merged version\n- NOOP: this is already known — skip\n\nif you can't say anything meaningful beyond what's already known, return empty.\nuse lowercase. be concrete, not vague.\n\ndefault to they/them pronouns unless the person has stated their own\npronouns in the data you've been given (bio, posts, prior observations).\nnever assume gender from a name or handle."

class LikesObservation(BaseModel):
    author_handle: str
    try:
        content: str = Field(description='one atomic fact about this person')
    except Exception:
        pass
    try:
        tags: list[str] = Field(description='1-3 lowercase tags')
    except Exception:
        pass
    try:
        action: str = Field(description='ADD, UPDATE, or NOOP')
    except Exception:
        pass
    try:
        supersedes_content: str | None = Field(default=None, description='for UPDATE: the old observation content this replaces')
    except Exception:
        pass
    try:
        source_uris: list[str] = Field(default_factory=list)
    except Exception:
        pass

class LikesExtractionResult(BaseModel):
    observations: list[LikesObservation] = []

class ByLikedPostsHash(CachePolicy):
    """Cache likes extraction by author handle + liked posts content hash."""

def load_recent_liked_posts(*args, **kwargs):
    ...

def query_existing_knowledge(*args, **kwargs):
    ...

def search_publications(*args, **kwargs):
    ...

def _format_liked_posts(*args, **kwargs):
    ...

async def extract_likes_observations(*args, **kwargs):
    ...

def _observation_id(*args, **kwargs):
    ...
USER_NAMESPACE_SCHEMA = {'kind': {'type': 'string', 'filterable': True}, 'status': {'type': 'string', 'filterable': True}, 'content': {'type': 'string', 'full_text_search': True}, 'tags': {'type': '[]string', 'filterable': True}, 'supersedes': {'type': 'string'}, 'source_uris': {'type': '[]string'}, 'created_at': {'type': 'string'}, 'updated_at': {'type': 'string'}}

def write_likes_observations_to_turbopuffer(*args, **kwargs):
    ...

@flow(name='compact', log_prints=True)
async def compact():
    """Synthesize per-user relationship summaries from phi's memory."""
    pass
