# Signatures from github.com/BryanWille/br381-risk-pipeline (src/ingestion/prf_loader.py at 74d03df90b39): bodies dropped.
from pathlib import Path
import logging
try:
    import pandas as pd
except ImportError:
    pass
try:
    logger = logging.getLogger(__name__)
except Exception:
    pass
REQUIRED_COLUMNS = ['id', 'data_inversa', 'dia_semana', 'horario', 'uf', 'br', 'km', 'municipio', 'causa_acidente', 'tipo_acidente', 'classificacao_acidente', 'fase_dia', 'sentido_via', 'condicao_metereologica', 'tipo_pista', 'tracado_via', 'uso_solo', 'pessoas', 'mortos', 'feridos_leves', 'feridos_graves', 'feridos', 'ilesos', 'ignorados', 'veiculos', 'latitude', 'longitude', 'regional', 'delegacia', 'uop']

def load_csv(*args, **kwargs):
    ...
from src.database.bronze_repository import insert_prf_accidents

def ingest_to_bronze(*args, **kwargs):
    ...
