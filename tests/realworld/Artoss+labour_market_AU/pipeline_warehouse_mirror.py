# Signatures from github.com/Artoss/labour_market_AU (pipeline_warehouse_mirror.py at ca8181dad0f3): bodies dropped.
from __future__ import annotations
import base64
import logging
import os
import sys
import traceback
from datetime import datetime, timezone
from decimal import Decimal
from typing import Any, Iterable
try:
    import psycopg
except ImportError:
    pass
from dotenv import load_dotenv
from prefect import flow
try:
    from psycopg.conninfo import make_conninfo
except ImportError:
    pass
try:
    from psycopg.rows import dict_row
except ImportError:
    pass
try:
    from labour_market_au.config import load_config
except ImportError:
    pass
try:
    from labour_market_au.notify import notify_pipeline_failure, send_slack
except ImportError:
    pass
try:
    from labour_market_au.storage.database import Database
except ImportError:
    pass
try:
    log = logging.getLogger('labour_market_au.pipeline_warehouse_mirror')
except Exception:
    pass
SOURCE_DATASET = 'jsa_labour'
TOPIC = 'labour'
UPSERT_CHUNK_SIZE = 5000
_MON_TO_NUM: dict[str, int] = {'Jan': 1, 'Feb': 2, 'Mar': 3, 'Apr': 4, 'May': 5, 'Jun': 6, 'Jul': 7, 'Aug': 8, 'Sep': 9, 'Oct': 10, 'Nov': 11, 'Dec': 12}
_QUARTER_END: dict[int, int] = {3: 1, 6: 2, 9: 3, 12: 4}

def _mon_yyyy_to_quarter(*args, **kwargs):
    ...

def _mon_yyyy_to_month(*args, **kwargs):
    ...
_STATE_LOOKUP: dict[str, tuple[str, str, str]] = {'AUST': ('AUS', 'australia', 'Australia'), 'AUS': ('AUS', 'australia', 'Australia'), 'NSW': ('NSW', 'state', 'New South Wales'), 'VIC': ('VIC', 'state', 'Victoria'), 'QLD': ('QLD', 'state', 'Queensland'), 'SA': ('SA', 'state', 'South Australia'), 'WA': ('WA', 'state', 'Western Australia'), 'TAS': ('TAS', 'state', 'Tasmania'), 'NT': ('NT', 'state', 'Northern Territory'), 'ACT': ('ACT', 'state', 'Australian Capital Territory')}
_SALM_METRICS: dict[str, tuple[str, str]] = {'unemployment_rate': ('labour_salm_unemployment_rate', 'percent'), 'unemployed_persons': ('labour_salm_unemployed_persons', 'persons'), 'labour_force': ('labour_salm_labour_force', 'persons')}
_IVI_MAJOR_METRICS: dict[str, str] = {'1': 'labour_vac_managers', '2': 'labour_vac_professionals', '3': 'labour_vac_technicians_trades', '4': 'labour_vac_community_personal', '5': 'labour_vac_clerical_admin', '6': 'labour_vac_sales', '7': 'labour_vac_machinery_drivers', '8': 'labour_vac_labourers'}
_PROJ_MEASURES: dict[str, tuple[str, str]] = {'employment_level': ('labour_proj_employment_level', 'persons_thousands'), 'growth_rate_5yr': ('labour_proj_growth_rate_5yr', 'percent'), 'growth_rate_10yr': ('labour_proj_growth_rate_10yr', 'percent'), 'employment_share': ('labour_proj_employment_share', 'share')}
_RLMI_MEASURES: dict[str, tuple[str, str]] = {'unemployment_rate': ('labour_rlmi_unemployment_rate', 'percent'), 'underemployment_rate': ('labour_rlmi_underemployment_rate', 'percent'), 'job_vacancy_rate': ('labour_rlmi_job_vacancy_rate', 'percent'), 'skill_underutilisation_rate': ('labour_rlmi_skill_underutil', 'percent'), 'working_age_employment_rate': ('labour_rlmi_wae_rate', 'percent'), 'overall_rating': ('labour_rlmi_overall_rating', 'rating')}

def _period_to_date_str(*args, **kwargs):
    ...

def _to_decimal(*args, **kwargs):
    ...

def _supabase_password(*args, **kwargs):
    ...

def _supabase_conninfo(*args, **kwargs):
    ...

def _open_supabase(*args, **kwargs):
    ...

def _assert_warehouse_unique_includes_source_dataset(*args, **kwargs):
    ...

def _fetch_salm_lga(*args, **kwargs):
    ...

def _fetch_ivi_state_majors(*args, **kwargs):
    ...

def _fetch_projections_state(*args, **kwargs):
    ...

def _fetch_rlmi_sa4(*args, **kwargs):
    ...
UPSERT_SQL = '\nINSERT INTO stats_warehouse.observations\n    (source_dataset, topic, metric, geo_type, geo_code, geo_name,\n     period, period_date, value, unit, loaded_at)\nVALUES (%(source_dataset)s, %(topic)s, %(metric)s, %(geo_type)s, %(geo_code)s, %(geo_name)s,\n        %(period)s, %(period_date)s, %(value)s, %(unit)s, NOW())\nON CONFLICT (source_dataset, topic, metric, geo_type, geo_code, period)\nDO UPDATE SET\n    value       = EXCLUDED.value,\n    geo_name    = EXCLUDED.geo_name,\n    period_date = EXCLUDED.period_date,\n    unit        = EXCLUDED.unit,\n    loaded_at   = NOW()\n'

def _chunked(*args, **kwargs):
    ...

def _upsert_observations(*args, **kwargs):
    ...

def _log_etl_run(*args, **kwargs):
    ...

def _on_crashed(*args, **kwargs):
    ...

@flow(name='labour-warehouse-mirror', log_prints=True, on_crashed=[_on_crashed])
def mirror() -> None:
    """Full re-mirror from labour_market_au -> Supabase stats_warehouse.

    Sequence:
      1. Schema guard (refuse to run if source_dataset missing from UQ).
      2. Fetch all 4 source tables (SALM / IVI / Projections / RLMI),
         map each row to the warehouse schema.
      3. Chunked upsert into stats_warehouse.observations.
      4. Log run to stats_warehouse.etl_runs + Slack notify.

    Idempotent on the (source_dataset, topic, metric, geo_type, geo_code,
    period) unique constraint. Re-running just refreshes any revised values.
    """
    pass
