"""Real-world shapes for the schema corpus: aliases, project imports, constraints, defaults,
Field(...) as a default (what Prefect keeps of it), union deduplication, docstring edge cases."""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Annotated, List, Literal, Optional, Union
from uuid import UUID

from pydantic import BaseModel, Field
from prefect import flow

from pkg.models import Mode, Params

Choice = Literal["a", "b"]
Number = Union[int, float]
Kind = Annotated[str, Field(pattern="^[a-z]+$")]
DEFAULT_BATCH = 250
DEFAULT_NAME = "nightly"


class RetentionConfig(BaseModel):
    days: int = 7
    keep: bool = True


@dataclass
class Window:
    start: int = 0
    end: int = 10


@flow
def r_aliases(choice: Choice = "a", n: Number = 1, kind: Kind = "abc"):
    pass


@flow
def r_imports(mode: Mode = Mode.FAST, params: Optional[Params] = None):
    pass


@flow
def r_constraints(
    a: Annotated[int, Field(ge=1, le=10)] = 5,
    b: Annotated[float, Field(gt=0, lt=1.5, multiple_of=0.5)] = 0.5,
    c: Annotated[str, Field(min_length=2, max_length=5, pattern="^x")] = "xy",
    d: Annotated[List[int], Field(min_length=1, max_length=3)] = [1],
    e: int = Field(default=3, ge=0, description="count", examples=[1, 2]),
    f: str = Field(default="v", json_schema_extra={"format": "custom"}),
):
    pass


@flow
def r_defaults(
    batch: int = DEFAULT_BATCH,
    name: str = DEFAULT_NAME,
    where: Path = Path("data"),
    amount: Decimal = Decimal("1.5"),
    day: datetime.date = datetime.date(2024, 1, 2),
    wait: datetime.timedelta = datetime.timedelta(seconds=5),
    ident: UUID = UUID("12345678-1234-5678-1234-567812345678"),
    retention: RetentionConfig = RetentionConfig(),
    window: Window = Window(),
):
    pass


@flow
def r_union(tags: Optional[List[str]] | None = None, x: Union[int, Optional[int]] = None):
    pass


@flow
def r_doc_no_blank(x: int = 1, y: str = "a"):
    """Does things.
    Args:
        x: the x
        y: the y
            continued here
    """


@flow
def r_doc_blank(x: int = 1, y: str = "a"):
    """Does things.

    Args:
        x: the x
            more about x
        y (str): the y

    Returns:
        nothing
    """


@flow
def r_field_defaults(a: int = Field(default=3, title="The A", description="d", ge=1, examples=[1]),
                     b: List[int] = Field(default_factory=list, description="bb"),
                     c: str = Field("pos", max_length=3),
                     d: Annotated[int, Field(description="in ann", title="T", examples=[5], json_schema_extra={"x": 1})] = 2):
    pass
