# Signatures from github.com/Autonomous-Finance/dataos-pipeline (flows/util/openai.py at dd85c95049d7): bodies dropped.
import os
import re
from typing import List
from openai import OpenAI
try:
    openai_client = OpenAI(api_key=os.environ['OPENAI_API_KEY'])
except Exception:
    pass
MAX_TEXT_SIZE = 15000

def chat_completion(*args, **kwargs):
    ...

def generate_text_summary(*args, **kwargs):
    ...

def generate_text_title(*args, **kwargs):
    ...

def generate_text_style(*args, **kwargs):
    ...

def normalize_text(*args, **kwargs):
    ...

def get_embeddings(*args, **kwargs):
    ...
