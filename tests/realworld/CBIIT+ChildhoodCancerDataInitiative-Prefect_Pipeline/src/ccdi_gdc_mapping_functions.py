# Signatures from github.com/CBIIT/ChildhoodCancerDataInitiative-Prefect_Pipeline (src/ccdi_gdc_mapping_functions.py at fe08600b7008): bodies dropped.
try:
    import pandas as pd
except ImportError:
    pass
import re
import os
from abc import ABC, abstractmethod
from typing import Dict, List, Optional

def load_mapping(*args, **kwargs):
    ...

class MappingManager:
    """Lazy loading manager for mapping dictionaries with caching."""
    _cache = {}
    _mapping_configs = {'PRIMARY_SITE': ('docs/mci_gdc_anatomic_site_map.txt', 'anatomic_site', 'primary_site'), 'TISSUE_ORGAN_ORIGIN': ('docs/mci_gdc_anatomic_site_map.txt', 'anatomic_site', 'tissue_or_organ_of_origin'), 'DISEASE_TYPE': ('docs/mci_gdc_disease_type_map.txt', 'diagnosis_category', 'disease_type'), 'MORPHOLOGY': ('docs/mci_gdc_primary_diagnosis_map.txt', 'diagnosis', 'morphology'), 'PRIMARY_DIAGNOSIS': ('docs/mci_gdc_primary_diagnosis_map.txt', 'diagnosis', 'primary_diagnosis')}

def _get_primary_site(*args, **kwargs):
    ...

def _get_tissue_organ_origin(*args, **kwargs):
    ...

def _get_disease_type(*args, **kwargs):
    ...

def _get_morphology(*args, **kwargs):
    ...

def _get_primary_diagnosis(*args, **kwargs):
    ...

class Transformation(ABC):
    pass

class Liftover(Transformation):
    """Class for direct mapping of a single input column to an output column without transformation"""

class Concatenation(Transformation):
    """Class for concatenating values from multiple input columns into a single output column, with handling for missing values"""

class Race_Mapper(Transformation):
    """Class for transforming race values to match GDC standards"""

class Ethnicity_Mapper(Transformation):
    """Class for transforming ethnicity values to match GDC standards"""

class Sex_Mapper(Transformation):
    """Class for transforming sex_at_birth values to match GDC standards"""

class Default_Mapper(Transformation):
    """Class for auto-assigning a default value provided in the mapping file"""

class WXS_RG_ID_Parse(Transformation):
    """Class for parsing read group ID from file name"""

class Read_Pair_Parse(Transformation):
    """Class for parsing read pair from file name"""

class Channel_Color(Transformation):
    """Class for assigning channel color based on file name pattern for methylation array IDAT files"""

class Specimen_Mapper(Transformation):
    """Class for mapping specimen type to match GDC standards"""

class Tumor_Desc_Mapper(Transformation):
    """Class for mapping tumor descriptor to match GDC standards"""

class Disease_Type_Mapper(Transformation):
    """Class for mapping disease type to match GDC standards"""

class Primary_Site_Mapper(Transformation):
    """Class for mapping primary site to match GDC standards"""

class Tissue_Mapper(Transformation):
    """Class for mapping tissue or organ of origin to match GDC standards"""

class Morphology_Mapper(Transformation):
    """Class for mapping morphology to match GDC standards"""

class Prim_Dx_Mapper(Transformation):
    """Class for mapping primary diagnosis to match GDC standards"""
TRANSFORM_REGISTRY = {'liftover': Liftover, 'concatenation': Concatenation, 'race': Race_Mapper, 'eth': Ethnicity_Mapper, 'sex': Sex_Mapper, 'default': Default_Mapper, 'wxs_rg_id_parse': WXS_RG_ID_Parse, 'read_pair_parse': Read_Pair_Parse, 'disease_type_mapper': Disease_Type_Mapper, 'primary_site_mapper': Primary_Site_Mapper, 'prim_dx_mapper': Prim_Dx_Mapper, 'morphology_mapper': Morphology_Mapper, 'tissue_mapper': Tissue_Mapper, 'specimen_mapper': Specimen_Mapper, 'tumor_desc_mapper': Tumor_Desc_Mapper, 'channel_color': Channel_Color}

def apply_modifier(*args, **kwargs):
    ...

class Rule:
    pass

class ModeGroup:
    pass

class TransformerEngine:
    pass
