# Signatures from github.com/AbhishekRS4/ML_NY_Taxi (ny_taxi/config/config.py at 054efcaf0579): bodies dropped.
import os
from typing import List
from dataclasses import dataclass, field

@dataclass(frozen=True)
class DataDownloaderConfig:
    dir_dataset: str
    try:
        taxi_type: str = field(default='green')
    except Exception:
        pass
    try:
        file_base_url: str = field(default='https://d37ci6vzurychx.cloudfront.net/trip-data')
    except Exception:
        pass
    try:
        year: int = field(default=2021)
    except Exception:
        pass

@dataclass()
class DataLoaderConfig:
    dir_dataset: str
    try:
        taxi_type: str = field(default='green')
    except Exception:
        pass
    try:
        year: int = field(default=2021)
    except Exception:
        pass
    try:
        month: int = field(default=0)
    except Exception:
        pass
    try:
        all_files: str = field(default='')
    except Exception:
        pass

@dataclass(frozen=True)
class FeatureTargetConfig:
    try:
        categorical: List[str] = field(default_factory=lambda: ['PU_DO'])
    except Exception:
        pass
    try:
        numerical: List[str] = field(default_factory=lambda: ['trip_distance'])
    except Exception:
        pass
    try:
        target: str = field(default='duration')
    except Exception:
        pass

@dataclass(frozen=True)
class PipelineConfig:
    try:
        regressor_type: str = field(default='linear')
    except Exception:
        pass

@dataclass(frozen=True)
class ProductionConfig:
    try:
        mlflow_tracking_uri: str = field(default='sqlite:///mlruns.db')
    except Exception:
        pass
    try:
        experiment_name: str = field(default='ny_taxi')
    except Exception:
        pass

@dataclass(frozen=True)
class TrainerConfig:
    try:
        mlflow_tracking_uri: str = field(default='sqlite:///mlruns.db')
    except Exception:
        pass
    try:
        experiment_name: str = field(default='ny_taxi')
    except Exception:
        pass
