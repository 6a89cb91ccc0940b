"""json_schema_extra written as a dict(...) call or as a module-level name, on a model's fields,
in Annotated and on a parameter's Field default; constraints given by constants."""
from typing import Annotated, List

from pydantic import BaseModel, Field
from prefect import flow

FIRST = dict(position=0)
WIDGET = {"widget": "textarea", "rows": 4}
MIN_ROWS = 1
LIMITS = dict(WIDGET, rows=8)


class Source(BaseModel):
    url: str = Field(..., json_schema_extra=dict(position=0))
    table: str = Field("events", json_schema_extra=dict(position=1, group="where"))
    query: str = Field("", json_schema_extra=WIDGET)
    rows: int = Field(10, ge=MIN_ROWS, json_schema_extra=FIRST)
    note: str = Field("", description="n", json_schema_extra=LIMITS)
    label: str = Field("", json_schema_extra=dict(title="The label", description="shown"))


@flow
def e_extras(
    source: Source,
    a: Annotated[int, Field(ge=MIN_ROWS, json_schema_extra=dict(unit="rows"))] = 5,
    b: str = Field("x", json_schema_extra=dict(position=7, title="Bee")),
    c: List[str] = Field(default_factory=list, json_schema_extra=WIDGET),
):
    pass
