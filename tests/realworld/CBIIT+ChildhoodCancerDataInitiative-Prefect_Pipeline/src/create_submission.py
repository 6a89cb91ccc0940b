# Signatures from github.com/CBIIT/ChildhoodCancerDataInitiative-Prefect_Pipeline (src/create_submission.py at fe08600b7008): bodies dropped.
import yaml
from dataclasses import dataclass
from pathlib import Path
try:
    import numpy as np
except ImportError:
    pass
import requests
import json
try:
    import pandas as pd
except ImportError:
    pass
try:
    from openpyxl.utils import get_column_letter, quote_sheetname, absolute_coordinate
except ImportError:
    pass
try:
    from openpyxl.utils.dataframe import dataframe_to_rows
except ImportError:
    pass
try:
    from openpyxl.workbook.defined_name import DefinedName
except ImportError:
    pass
try:
    from openpyxl.worksheet.datavalidation import DataValidation
except ImportError:
    pass
try:
    from openpyxl import Workbook
except ImportError:
    pass
from typing import Any, TypeVar, Dict, List
try:
    from openpyxl.styles import PatternFill, Font
except ImportError:
    pass
from src.utils import get_github_token
try:
    from bento_mdf.mdf import MDF
except ImportError:
    pass
try:
    import bento_meta
except ImportError:
    pass
try:
    DataFrame = TypeVar('DataFrame')
except Exception:
    pass
try:
    ExcelSheet = TypeVar('ExcelSheet')
except Exception:
    pass
try:
    ExcelWorkbook = TypeVar('ExcelWorkbook')
except Exception:
    pass

@dataclass
class ModelEndpoint:
    """Class for keeping track of model file endpoints"""
    model_file: str = 'https://raw.githubusercontent.com/CBIIT/ccdi-model/main/model-desc/ccdi-model.yml'
    prop_file: str = 'https://raw.githubusercontent.com/CBIIT/ccdi-model/main/model-desc/ccdi-model-props.yml'
    term_file: str = 'https://raw.githubusercontent.com/CBIIT/ccdi-model/main/model-desc/terms.yml'

@dataclass
class ManifestStyle:
    """Class for keeping track of style inventory"""
    try:
        meta_linking_font: Any = Font(bold=True)
    except Exception:
        pass
    try:
        meta_linking_pattern: Any = PatternFill(fill_type='solid', fgColor='DCD0FF')
    except Exception:
        pass
    try:
        meta_index_font: Any = Font(bold=True)
    except Exception:
        pass
    try:
        meta_index_pattern: Any = PatternFill(fill_type='solid', fgColor='DEFFF7')
    except Exception:
        pass
    try:
        dict_header_pattern: Any = PatternFill(fill_type='solid', fgColor='000000')
    except Exception:
        pass
    try:
        dict_header_font: Any = Font(bold=False, color='ffffff')
    except Exception:
        pass
    try:
        required_pattern: Any = PatternFill(fill_type='solid', fgColor='FFF2CC')
    except Exception:
        pass
    try:
        required_font: Any = Font(bold=True)
    except Exception:
        pass
    try:
        nonrequired_font: Any = Font(color='595959')
    except Exception:
        pass
    try:
        term_pattern_A: Any = PatternFill(fill_type='solid', fgColor='EEDDDC')
    except Exception:
        pass
    try:
        term_pattern_B: Any = PatternFill(fill_type='solid', fgColor='DEE6F0')
    except Exception:
        pass

class GetCCDIModel:
    node_preferred_order = ['study', 'study_admin', 'study_arm', 'study_funding', 'study_personnel', 'publication', 'consent_group', 'participant', 'diagnosis', 'survival', 'treatment', 'treatment_response', 'synonym', 'family_relationship', 'medical_history', 'exposure', 'radiology_file', 'genetic_analysis', 'laboratory_test', 'sample', 'cell_line', 'pdx', 'sequencing_file', 'clinical_measure_file', 'methylation_array_file', 'cytogenomic_file', 'pathology_file', 'generic_file']

class ManifestSheet:
    release_api = 'https://api.github.com/repos/CBIIT/ccdi-model/releases'
