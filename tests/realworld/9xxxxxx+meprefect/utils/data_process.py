# Signatures from github.com/9xxxxxx/meprefect (utils/data_process.py at 9c365e35b96d): bodies dropped.
try:
    import pandas as pd
except ImportError:
    pass

def extractinfo(*args, **kwargs):
    ...
