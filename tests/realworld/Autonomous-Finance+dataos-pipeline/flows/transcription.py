# Signatures from github.com/Autonomous-Finance/dataos-pipeline (flows/transcription.py at dd85c95049d7): bodies dropped.
import os
import uuid
try:
    import torch
except ImportError:
    pass
import json
try:
    from faster_whisper import WhisperModel
except ImportError:
    pass
import requests
from flows.util.clickhouse import get_ch_client
from datetime import datetime
from pathlib import Path
from prefect import task, flow, serve

def transcribe(*args, **kwargs):
    ...

def load_and_transcribe(*args, **kwargs):
    ...

@flow(name='Generate audio transcription', log_prints=True)
def transcription_flow(urls: list[str]):
    pass
