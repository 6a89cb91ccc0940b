# Signatures from github.com/CBIIT/prefect-toolkit (src/commons/datamodel.py at 5705f799ca7b): bodies dropped.
try:
    import numpy as np
except ImportError:
    pass
try:
    import pandas as pd
except ImportError:
    pass
from src.commons.literals import CommonsRepo
from dataclasses import fields
import requests
import tempfile
from urllib.request import urlopen
from zipfile import ZipFile
from io import BytesIO
import os
from shutil import copy
try:
    from bento_mdf import MDF
except ImportError:
    pass
try:
    import bento_meta
except ImportError:
    pass
try:
    from bento_meta.model import Model
except ImportError:
    pass
from typing import TypeVar
try:
    DataFrame = TypeVar('DataFrame')
except Exception:
    pass

class GetDataModel(CommonsRepo):
    pass

class ReadDataModel:
    """A class reads data model files"""
