"""Project types imported by flows."""
from enum import Enum
from typing import List, Optional

from pydantic import BaseModel, Field


class Mode(str, Enum):
    FAST = "fast"
    SAFE = "safe"


class Params(BaseModel):
    """Parameters of a job."""

    source: str = Field(description="where from")
    limit: int = Field(default=10, ge=1, le=100)
    tags: Optional[List[str]] = None
