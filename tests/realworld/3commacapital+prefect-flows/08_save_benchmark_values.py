# Signatures from github.com/3commacapital/prefect-flows (08_save_benchmark_values.py at 057fefb6ec57): bodies dropped.
from prefect import task, flow, get_run_logger
from services.cf_benchmarks import CFBenchmark
from services.nhaga_db import session, AssetValue
from prefect.blocks.system import Secret
from datetime import datetime
try:
    secret_block = Secret.load('cfbenchmakrs-api')
except Exception:
    pass
try:
    CFBENCHMARKS_KEY = secret_block.get()
except Exception:
    pass
ASSET_ID = 2

def save_benchmark_value(*args, **kwargs):
    ...

@flow(name='08 Save Benchmark values to DB')
def save_benchmark_values():
    pass
