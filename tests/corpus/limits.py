"""A module's own names win over those of a sibling it imports other names from."""
import os

from prefect import flow

try:
    from .limits_shared import (
        REGION,
        helper,
    )
except ImportError:
    from limits_shared import (
        REGION,
        helper,
    )

BATCH_HARD_LIMIT = int(os.getenv("BATCH_HARD_LIMIT", "20"))
RATIO = float(os.getenv("PINFLOW_CORPUS_RATIO", "0.5"))
TIMEOUT = os.getenv("PINFLOW_CORPUS_TIMEOUT", "45")
Stage = str


@flow
def l_own_names(
    batch: int = BATCH_HARD_LIMIT,
    region: str = REGION,
    ratio: float = RATIO,
    timeout: str = TIMEOUT,
    stage: Stage = "raw",
):
    pass
