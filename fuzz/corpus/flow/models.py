"""Flow signatures for the schema corpus: types defined in this module."""

import dataclasses
import enum
from typing import Literal, Optional

from typing_extensions import TypedDict

import pydantic
from prefect import flow


class Color(enum.Enum):
    RED = "red"
    GREEN = "green"


class Level(int, enum.Enum):
    LOW = 1
    HIGH = 2


class Source(pydantic.BaseModel):
    """Where to read from."""

    url: str
    max_rows: int = 100
    tags: list[str] = []
    mode: Literal["full", "delta"] = "full"
    note: Optional[str] = pydantic.Field(default=None, description="free text")


class Target(pydantic.BaseModel):
    table: str
    source: Source


@dataclasses.dataclass
class Window:
    start: str
    days: int = 7


class Options(TypedDict):
    retries: int
    verbose: bool


@flow
def m_enum(color: Color = Color.RED):
    pass


@flow
def m_enum_required(color: Color, level: Level = Level.HIGH):
    pass


@flow
def m_optional_enum(color: Optional[Color] = None):
    pass


@flow
def m_model(source: Source):
    pass


@flow
def m_nested_model(target: Target, dry: bool = False):
    pass


@flow
def m_optional_model(source: Optional[Source] = None):
    pass


@flow
def m_list_of_models(sources: list[Source]):
    pass


@flow
def m_dataclass(window: Window):
    pass


@flow
def m_typeddict(options: Options):
    pass


@flow
def m_model_default_dict(source: Source = {"url": "s3://x"}):
    pass
