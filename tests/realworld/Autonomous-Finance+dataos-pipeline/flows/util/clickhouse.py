# Signatures from github.com/Autonomous-Finance/dataos-pipeline (flows/util/clickhouse.py at dd85c95049d7): bodies dropped.
try:
    from clickhouse_driver import Client
except ImportError:
    pass
try:
    import clickhouse_connect
except ImportError:
    pass
import os

def get_clickhouse_connection(*args, **kwargs):
    ...

def get_ch_client(*args, **kwargs):
    ...
