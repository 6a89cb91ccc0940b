"""A sibling module of limits.py: it binds names the flow module binds too."""
from enum import Enum

BATCH_HARD_LIMIT = 1
REGION = "eu"
TIMEOUT = 30


class Stage(str, Enum):
    RAW = "raw"
    CLEAN = "clean"


def helper():
    pass
