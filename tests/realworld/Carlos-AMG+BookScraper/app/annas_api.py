# Signatures from github.com/Carlos-AMG/BookScraper (app/annas_api.py at 0a5742a3fa70): bodies dropped.
try:
    import aiohttp
except ImportError:
    pass
import os
from pydantic import BaseModel, Field
from typing import List, Optional, Dict
from enum import Enum
import logging

class AnnasAPIError(Exception):
    """Base exception for Anna's Archive API errors."""

class AnnasAPIHTTPError(AnnasAPIError):
    """Raised when API returns an HTTP error status."""

class Book_DTO(BaseModel):
    title: str
    author: str
    md5: str
    imgUrl: str
    size: str
    genre: str
    format: str
    year: Optional[str]
    sources: List[str]
    imgFallbackColor: str

class Sort_Enum(Enum):
    newest = 'newest'
    largest = 'largest'
    oldest = 'oldest'
    smallest = 'smallest'
    most_relevant = 'mostRelevant'

class Source_Enum(Enum):
    libgen_li = 'libgenLi'
    libgen_rs = 'libgenRs'
    z_library = 'zLibrary'
    internet_archive = 'internetArchive'
    uploads = 'uploads'
    nexus_stc = 'nexusStc'
    duxiu = 'duxiu'
    z_library_chinese = 'zLibraryChinese'
    magz_db = 'magzDb'
    sci_hub = 'sciHub'

class Book_Query_Parameters(BaseModel):
    q: str
    author: Optional[str] = None
    try:
        cat: Optional[str] = Field(default=None, description='Book category')
    except Exception:
        pass
    page: Optional[int] = None
    try:
        ext: Optional[str] = Field(default=None, description='Book Extension')
    except Exception:
        pass
    sort: Optional[Sort_Enum] = None
    lang: Optional[str] = None
    source: Optional[Source_Enum] = None

class Annas_API:
    pass
