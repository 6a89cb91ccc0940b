# Signatures from github.com/AutoflowsDotDev/stock-market-assistant (stock_market_assistant.py at 68e7013f65f8): bodies dropped.
import os
import json
import logging
from typing import Optional, Dict, Any
from datetime import datetime
from prefect import flow, task
try:
    import yfinance as yf
except ImportError:
    pass
try:
    from openai import OpenAI
except ImportError:
    pass
try:
    from telegram import Update, Bot
except ImportError:
    pass
try:
    from telegram.ext import Application, CommandHandler, MessageHandler, filters, ContextTypes
except ImportError:
    pass
from dotenv import load_dotenv
try:
    logger = logging.getLogger(__name__)
except Exception:
    pass

def extract_ticker_symbol(*args, **kwargs):
    ...

def fetch_stock_data(*args, **kwargs):
    ...

def format_stock_response(*args, **kwargs):
    ...

def process_stock_query(*args, **kwargs):
    ...

@flow(name='Stock Market Assistant - Telegram Bot', log_prints=True)
def stock_market_bot_flow():
    """
    Main Prefect flow for the Stock Market Assistant Telegram bot.
    This flow runs continuously and handles incoming Telegram messages.
    """
    pass
