# Signatures from github.com/Baskakovs/idx (src/idx/main.py at c88b3a1601b5): bodies dropped.
import asyncio
from dataclasses import asdict
from datetime import date
try:
    import polars as pl
except ImportError:
    pass
from prefect import flow
try:
    from idx import get_logger
except ImportError:
    pass
try:
    from idx.download import download_selection_lists
except ImportError:
    pass
try:
    from idx.enrichment import report_unresolved_assets, resolve_yukka_ids
except ImportError:
    pass
try:
    from idx.extract import compute_membership, compute_membership_intervals, parse_selection_list
except ImportError:
    pass
try:
    from idx.ranking import build_ranking_table, validate_ranking_table
except ImportError:
    pass
try:
    from idx.storage import write_assets, write_ranks, write_reviews
except ImportError:
    pass

@flow(name='stoxx-600-scraper', log_prints=True)
async def main(periods: list[tuple[int, int]] | None=None) -> None:
    """Download, parse, and process STOXX selection lists.

    Args:
        periods: Explicit (year, month) tuples to download.
            When None, downloads the full historical range.
    """
    pass
