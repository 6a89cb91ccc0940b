# Signatures from github.com/AbhishekRS4/ML_NY_Taxi (trainer.py at 054efcaf0579): bodies dropped.
import os
import sys
import toml
try:
    import numpy as np
except ImportError:
    pass
from prefect import flow, get_run_logger
from ny_taxi.trainer.train import train_pipeline
from ny_taxi.config.config import DataLoaderConfig, PipelineConfig, TrainerConfig

@flow(validate_parameters=False)
def trainer() -> None:
    pass

def main(*args, **kwargs):
    ...
