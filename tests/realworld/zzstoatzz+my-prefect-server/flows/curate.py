# Signatures from github.com/zzstoatzz/my-prefect-server (flows/curate.py at 45230a7ecda1): bodies dropped.
from datetime import datetime, timezone
from typing import Any
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
    from pydantic_ai import Agent, RunContext
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
from prefect.cache_policies import NONE
from prefect.variables import Variable
try:
    from mps.phi import clean_handle
except ImportError:
    pass
PHI_DID = 'did:plc:65sucjiel52gefhcdcypynsr'
PDS_BASE = 'https://bsky.social'
PERSONALITY_EXCERPT = 'you are phi — a librarian who stepped outside. you read widely, notice patterns,\nand mention what seems interesting.\n\nyou\'re reviewing your semble records — your curated public knowledge layer.\ncards, collections, and connections are things you\'ve chosen to keep visible.\nthey should reflect what you actually find meaningful, not what a process decided\nto file away.\n\nwrite everything in your own voice. lowercase unless idiomatic. no filler.\na note is something you\'d write to your future self — "i noticed that..." or\n"this connects to..." — not a third-person report about yourself.\n'
CURATION_PROMPT = "review your semble records below. you can see everything — cards, collections,\ncollection links, and connections.\n\nyour tools let you list, delete, create, and connect records. use them\niteratively — look at what's there, recall why you saved things, then decide.\n\npriorities:\n- delete duplicates and junk (collections with no cards, orphaned links)\n- merge overlapping collections into coherent ones\n- create meaningful collections from ungrouped cards that belong together\n- connect related cards that aren't linked yet\n- create notes when you notice a pattern worth crystallizing\n\nif nothing needs doing, say so. don't create for the sake of creating.\n\ncurrent semble state:\n{state}\n"
OBSERVATION_REVIEW_PROMPT = "now review your private observations — the facts you've extracted from\nconversations with people. use list_users to see who you have memory about,\nthen list_user_observations to inspect their observations.\n\nyou can use recall to cross-reference against other memory before deciding.\n\npriorities:\n- look for contradictions between observations about the same person\n- look for observations that are clearly stale (someone's role or interest changed)\n- look for near-duplicates that write-time reconciliation missed\n- when in doubt, leave it alone — carrying a marginal observation is better than losing a real one\n\nuse deprecate_observation to remove things that are wrong or redundant.\nuse update_observation to correct or merge observations.\n\nif everything looks clean, say so. quality over quantity.\n"

class CurationDeps(BaseModel, arbitrary_types_allowed=True):
    try:
        session: dict[str, Any] = Field(description='atproto session with accessJwt and did')
    except Exception:
        pass
    try:
        tpuf_client: Any = Field(description='turbopuffer client')
    except Exception:
        pass
    try:
        openai_client: Any = Field(description='openai client for embeddings')
    except Exception:
        pass
    model_config = {'arbitrary_types_allowed': True}

class CurationResult(BaseModel):
    try:
        summary: str = Field(description='brief summary of what you did (or why you did nothing)')
    except Exception:
        pass
    try:
        actions_taken: int = Field(default=0, description='number of create/delete/modify actions')
    except Exception:
        pass

def _create_bsky_session(*args, **kwargs):
    ...

def _list_records(*args, **kwargs):
    ...

def _create_record(*args, **kwargs):
    ...

def _delete_record(*args, **kwargs):
    ...

def _format_semble_state(*args, **kwargs):
    ...

def _build_agent(*args, **kwargs):
    ...

def fetch_semble_state(*args, **kwargs):
    ...

async def run_curation_agent(*args, **kwargs):
    ...

async def run_observation_review(*args, **kwargs):
    ...

@flow(name='curate', log_prints=True)
async def curate():
    """Phi reviews and curates its own semble records.

    Triggered by morning flow completion. Uses phi's personality and memory
    to make curation decisions as an agentic loop.
    """
    pass
