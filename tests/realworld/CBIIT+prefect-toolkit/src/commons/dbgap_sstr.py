# Signatures from github.com/CBIIT/prefect-toolkit (src/commons/dbgap_sstr.py at 5705f799ca7b): bodies dropped.
import requests
import re

class SstrHaul:
    """Class that fetches Patient ID and sample ID information
    of a dbGaP study using dbGaP accession number (phs id)
    and version number
    """
