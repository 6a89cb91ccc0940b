"""An example flow for pinflow's demo."""

from typing import List, Optional

from prefect import flow


@flow(name="etl")
def run_etl(source: str, batch_size: int = 500, tables: Optional[List[str]] = None, dry_run: bool = False):
    """Copy tables from a source into the warehouse.

    Args:
        source: where to read from, such as s3://bucket/path
        batch_size: rows per batch
        tables: the tables to copy (default: all)
        dry_run: read, but write nothing
    """
    print(f"copying {tables or 'all tables'} from {source} in batches of {batch_size}")
