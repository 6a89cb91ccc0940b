# Signatures from github.com/Axioq/wolf-tracks (extract/tautulli_client.py at fe47c425e757): bodies dropped.
import requests
import os
import time

def _make_request(*args, **kwargs):
    ...

def get_all_history(*args, **kwargs):
    ...
