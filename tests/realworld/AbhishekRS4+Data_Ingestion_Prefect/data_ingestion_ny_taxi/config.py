# Signatures from github.com/AbhishekRS4/Data_Ingestion_Prefect (data_ingestion_ny_taxi/config.py at f82c7b60259e): bodies dropped.
import os
from typing import List
from dataclasses import dataclass, field

@dataclass()
class DataDownloaderConfig:
    try:
        dir_dataset: str = field(default='dataset_ny_taxi')
    except Exception:
        pass
    try:
        taxi_type: str = field(default='green')
    except Exception:
        pass
    try:
        file_base_url: str = field(default='https://d37ci6vzurychx.cloudfront.net/trip-data')
    except Exception:
        pass
    try:
        month: int = field(default=1)
    except Exception:
        pass
    try:
        year: int = field(default=2021)
    except Exception:
        pass
    try:
        file_large: str = field(default='')
    except Exception:
        pass
