# Signatures from github.com/4lissonsilveira/prefect-w-perma-skeleton (sync/navision/claim.py at 65437b492386): bodies dropped.
from prefect import flow

@flow(log_prints=True)
def flow_sync_case_object() -> None:
    pass
