"""Classes defined inside module-level blocks: try/except, if sys.version_info, with; and a
model's fields inside try: in its body."""
import contextlib
import sys
from enum import Enum

from prefect import flow

try:
    from enum import StrEnum
except ImportError:  # Python < 3.11

    class StrEnum(str, Enum):
        pass


try:
    import yaml  # noqa: F401

    class Format(str, Enum):
        YAML = "yaml"
        JSON = "json"

except ImportError:

    class Format(str, Enum):
        JSON = "json"


if sys.version_info >= (3, 11):

    class Tier(StrEnum):
        GOLD = "gold"
        SILVER = "silver"

else:

    class Tier(str, Enum):
        GOLD = "gold"
        SILVER = "silver"


with contextlib.suppress(ImportError):
    from pydantic import BaseModel, Field

    class Window(BaseModel):
        days: int = 7
        tier: Tier = Tier.GOLD


class Limits(BaseModel):
    try:
        rows: int = Field(10, ge=1, json_schema_extra={"position": 0})
    except Exception:
        pass
    label: str = "all"


@flow
def b_blocks(
    fmt: Format = Format.JSON,
    tier: Tier = Tier.SILVER,
    window: Window = Window(),
    limits: Limits = Limits(),
):
    pass
