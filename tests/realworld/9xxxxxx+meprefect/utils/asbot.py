# Signatures from github.com/9xxxxxx/meprefect (utils/asbot.py at 9c365e35b96d): bodies dropped.
import requests
try:
    from requests_toolbelt import MultipartEncoder
except ImportError:
    pass
from config import asbot_config
import json
import logging
from logging.handlers import TimedRotatingFileHandler
import os

def setup_logger(*args, **kwargs):
    ...
try:
    logger = setup_logger('as_bot')
except Exception:
    pass

class AsBot:
    pass
