# Signatures from github.com/Carlos-AMG/BookScraper (app/downloader_main_prefect.py at 0a5742a3fa70): bodies dropped.
from app.annas_api import Annas_API, Book_Query_Parameters, Book_DTO
from prefect import flow, task, get_run_logger
from prefect.tasks import exponential_backoff
from prefect.cache_policies import NO_CACHE
import asyncio
import json
import re
try:
    import aiohttp
except ImportError:
    pass
from pathlib import Path
from typing import Optional
from contextlib import asynccontextmanager

def normalize(*args, **kwargs):
    ...

def title_matches(*args, **kwargs):
    ...

def author_matches(*args, **kwargs):
    ...

def find_matching_book(*args, **kwargs):
    ...
DEFAULT_ANNAS_API_URL = 'https://annas-archive-api.p.rapidapi.com'

async def create_api_client(*args, **kwargs):
    ...

async def search_book_task(*args, **kwargs):
    ...

async def get_download_links_task(*args, **kwargs):
    ...

async def get_member_download_links_task(*args, **kwargs):
    ...

async def download_file_task(*args, **kwargs):
    ...

@flow(name='download_single_book')
async def download_single_book_flow(api_key: str, title: str, author: str='', ext: str='pdf', output_dir: str='./downloads', api_url: str=DEFAULT_ANNAS_API_URL, member_key: Optional[str]=None) -> bool:
    """
    Download a single book by title and author.

    Self-contained flow that can be deployed independently.
    """
    pass

@flow(name='download_bundle')
async def download_bundle_flow(api_key: str, bundle: dict, output_dir: str='./BUNDLES', max_concurrent: int=3, api_url: str=DEFAULT_ANNAS_API_URL, member_key: Optional[str]=None) -> dict:
    """
    Download all books in a bundle.

    Args:
        api_key: API key for Anna's Archive API
        bundle: Dict with "bundle_metadata" (title, publisher) and "books" list
        output_dir: Base directory for downloads
        max_concurrent: Max concurrent book downloads
        api_url: Base URL for the API (optional)
    """
    pass

@flow(name='download_all_bundles')
async def download_all_bundles_flow(api_key: str, bundles_file: str='bundles_data.json', output_dir: str='./BUNDLES', max_concurrent_per_bundle: int=3, api_url: str=DEFAULT_ANNAS_API_URL, member_key: Optional[str]=None) -> list[dict]:
    """
    Download all bundles from a JSON file.

    Args:
        api_key: API key for Anna's Archive API
        bundles_file: Path to JSON file with bundle data
        output_dir: Base directory for downloads
        max_concurrent_per_bundle: Max concurrent downloads per bundle
        api_url: Base URL for the API (optional)
    """
    pass
