"""Model configuration as pydantic 2 writes it into the schema: pydantic v1's class Config,
model_config = ConfigDict(...) or {...}, class keywords, inherited options, and options that
change nothing in the schema."""
from enum import Enum
from typing import Optional

from pydantic import BaseModel, ConfigDict, Field
from prefect import flow

MODEL_TITLE = "Settings of a run"
EXTRA = {"examples": [{"limit": 3}]}


class Level(str, Enum):
    LOW = "low"
    HIGH = "high"


class Strict(BaseModel):
    limit: int = 10

    class Config:
        extra = "forbid"


class Loose(BaseModel):
    model_config = ConfigDict(extra="allow", frozen=True, populate_by_name=True)
    limit: int = 10


class Ignoring(BaseModel):
    model_config = {"extra": "ignore", "use_enum_values": True}
    level: Level = Level.LOW


class Titled(BaseModel):
    """Described here."""

    model_config = ConfigDict(title=MODEL_TITLE, json_schema_extra=EXTRA)
    limit: int = Field(3, ge=1)


class Child(Strict):
    model_config = ConfigDict(title="Child settings")
    level: Optional[Level] = None


class Grandchild(Child):
    model_config = ConfigDict(extra="allow", json_schema_extra=dict(deprecated=True))


class Keyworded(BaseModel, extra="forbid", frozen=True):
    name: str = "x"


class V1Style(BaseModel):
    name: str = "x"

    class Config:
        title = "Old style"
        use_enum_values = True
        allow_population_by_field_name = True
        schema_extra = {"example": {"name": "y"}}
        json_schema_extra = {"x-group": "old"}


class Replaced(BaseModel):
    """Replaced by the extra."""

    model_config = ConfigDict(json_schema_extra={"description": "from the extra", "title": "E"})
    name: str = "x"


class Guarded(BaseModel):
    try:
        model_config = ConfigDict(extra="forbid")
    except Exception:
        pass
    name: str = "x"


@flow
def c_configs(
    strict: Strict,
    loose: Loose,
    ignoring: Ignoring,
    titled: Titled,
    child: Child,
    grandchild: Grandchild,
    keyworded: Keyworded = Keyworded(),
    v1: Optional[V1Style] = None,
    replaced: Optional[Replaced] = None,
    guarded: Optional[Guarded] = None,
):
    pass
