# Signatures from github.com/CBIIT/prefect-toolkit (src/crdcdh/dh_mongodb.py at 5705f799ca7b): bodies dropped.
try:
    from pymongo import MongoClient, errors
except ImportError:
    pass
from typing import Union
from src.commons.literals import CrdcDHMongoSecrets
from src.commons.utils import get_secret

class DataHubMongoDB(CrdcDHMongoSecrets):
    """A Class interacts with DataHub MongoDB
    """
