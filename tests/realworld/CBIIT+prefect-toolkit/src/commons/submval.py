# Signatures from github.com/CBIIT/prefect-toolkit (src/commons/submval.py at 5705f799ca7b): bodies dropped.
from src.commons.datamodel import ReadDataModel
from src.commons.utils import ReadSubmTsv
from src.commons.literals import CommonsFeat
try:
    import numpy as np
except ImportError:
    pass
try:
    import pandas as pd
except ImportError:
    pass
from dataclasses import fields, dataclass
from typing import TypeVar, Optional
import os
try:
    DataFrame = TypeVar('DataFrame')
except Exception:
    pass

class SubmVal(ReadSubmTsv):
    """A class performs validation on submission tsv files"""
