# Signatures from github.com/CBIIT/ChildhoodCancerDataInitiative-Prefect_Pipeline (src/cog_rules_functions.py at fe08600b7008): bodies dropped.
try:
    import pandas as pd
except ImportError:
    pass
import re
from abc import ABC, abstractmethod
from typing import Dict, List, Optional

class Transformation(ABC):
    pass

class Liftover(Transformation):
    """Class for direct mapping of a single input column to an output column without transformation"""

class Concatenation(Transformation):
    """Class for concatenating values from multiple input columns into a single output column, with handling for missing values"""

class Difference(Transformation):
    """Class for calculating the difference between two columns, with error handling for non-numeric and missing values"""

class Age_Event_Mapper(Transformation):
    """Class for calculating age at event based on birthdate and event date columns, with error handling for non-numeric and missing values"""

class Race_Ethnicity_Mapper(Transformation):
    """Class for transforming race and ethnicity columns into a single column"""

class CNS_Tumor_Spatial_Extent_Mapper(Transformation):
    """Class for mapping CNS tumor spatial extent based on Chang staging system, with
    mapping to https://archive.datadictionary.nhs.uk/DD%20Release%20May%202024/data_elements/chang_staging_system_stage.html"""

class Parse_List_Values(Transformation):
    """"Class for parsing from a list columns any non-null value and returning it as a concatenated string"""

class Default_Mapper(Transformation):
    """Class for auto-assigning a default value provided in the mapping file"""

class Diagnosis_Basis_Mapper(Transformation):
    """Class for mapping diagnosis basis to a standardized set of terms based on the provided mapping file;
    Takes a list of input columns, and if any of the columns have a non-null value, maps to a standardized term based on the mapping file;
    concatenates to a single, ; delimited value if multiple input columns have non-null values"""

class Tumor_Grade_Mapper(Transformation):
    """Class for mapping tumor grade to a standardized set of terms based on the provided mapping file;
    given a list of input columns, if any of the columns have a non-null value, maps to a standardized term based on the mapping file"""

class Substudy_Integrated_Dx_Mapper(Transformation):
    """Class for mapping substudy integrated diagnosis to a standardized set of terms based on the provided mapping file"""

class EFS_Status(Transformation):
    """Class for mapping event-free survival (EFS) status based on the presence of any non-null value in a list of input columns, with specific handling for values of 'Other', 'Unknown', and 'Not Reported'"""

class EFS_Age(Transformation):
    """Class for calculating age at event-free survival (EFS) event based on birthdate and event date columns, with error handling for non-numeric and missing values; returns age in years"""

class Follow_Up_Treatment_Response_Mapper(Transformation):
    """Class for mapping follow-up treatment response based on the presence of specific combinations of values in a list of input columns, with specific handling for values of 'Other', 'Unknown', and 'Not Reported'"""

class Other_Treatment_Type_Mapper(Transformation):
    """Class for mapping other treatment types (e.g. surgery, chemotherapy, radiation) based on the presence of specific combinations of values in a list of input columns, with specific handling for values of 'Other', 'Unknown', and 'Not Reported'"""

class Surgery_Type_Mapper(Transformation):
    """Class for mapping surgery type based on the presence of specific combinations of values in a list of input columns, with specific handling for values of 'Other', 'Unknown', and 'Not Reported'"""

class Resection_Margin_Mapper(Transformation):
    """Class for mapping resection margin status based on the presence of specific combinations of values in a list of input columns, with specific handling for values of 'Other', 'Unknown', and 'Not Reported'"""

class CNS_Chemo_ID_Mapper(Transformation):
    """Class for mapping chemotherapy drug names to standardized drug classes based on the provided mapping file too generate treatment_id"""

class CNS_Chemo_Type_Mapper(Transformation):
    """Class for mapping chemotherapy drug names to standardized drug classes based on the provided mapping file"""
TRANSFORM_REGISTRY = {'liftover': Liftover, 'concatenation': Concatenation, 'difference': Difference, 'race_eth': Race_Ethnicity_Mapper, 'default': Default_Mapper, 'tumor_spatial_extent_parse': CNS_Tumor_Spatial_Extent_Mapper, 'parse': Parse_List_Values, 'dx_basis': Diagnosis_Basis_Mapper, 'tumor_grade': Tumor_Grade_Mapper, 'substudy_dx': Substudy_Integrated_Dx_Mapper, 'age_event': Age_Event_Mapper, 'efs_status': EFS_Status, 'efs_age': EFS_Age, 'follow_up_treat_response': Follow_Up_Treatment_Response_Mapper, 'other_treatment_type': Other_Treatment_Type_Mapper, 'surgery_type': Surgery_Type_Mapper, 'resection_margin_status': Resection_Margin_Mapper, 'cns_chemo_id': CNS_Chemo_ID_Mapper, 'cns_chemo_type': CNS_Chemo_Type_Mapper}

def apply_modifier(*args, **kwargs):
    ...

class Rule:
    pass

class ModeGroup:
    pass

class TransformerEngine:
    pass
