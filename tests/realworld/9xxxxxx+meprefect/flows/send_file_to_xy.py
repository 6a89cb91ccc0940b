# Signatures from github.com/9xxxxxx/meprefect (flows/send_file_to_xy.py at 9c365e35b96d): bodies dropped.
from prefect import flow, task
try:
    import pymysql
except ImportError:
    pass
import requests
import datetime
from sqlalchemy.testing.suite.test_reflection import users
from utils.asbot import AsBot

def query_rma_count(*args, **kwargs):
    ...

@flow(name='发送退换货整机数据给夏颖')
def feishu_notify_flow():
    pass
