# Signatures from github.com/BryanWille/br381-risk-pipeline (src/flows/pipeline_flow.py at 74d03df90b39): bodies dropped.
import logging
from prefect import flow, get_run_logger
from src.config.init_variables import init_variables
from src.database.init_db import initialize_db
from src.database.pipeline_audit_repository import finish_pipeline_run, start_pipeline_run
from src.flows.alert_flow import risk_alert_flow
from src.flows.bronze_to_silver_flow import bronze_to_silver
from src.flows.create_ml_features_flow import ml_features
from src.flows.current_risk_flow import current_risk_flow
from src.flows.hotspot_detection_flow import hotspot_flow
from src.flows.predict_risk_flow import risk_prediction_flow
from src.flows.prf_ingestion_flow import ingest_prf
from src.flows.silver_to_gold_flow import silver_to_gold
from src.flows.weather_enrichment_flow import weather_flow

def _get_logger(*args, **kwargs):
    ...

@flow(name='br381-full-pipeline', retries=3, retry_delay_seconds=60, log_prints=True)
def br381_pipeline():
    pass
