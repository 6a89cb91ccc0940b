# Signatures from github.com/3commacapital/prefect-flows (services/debank.py at 057fefb6ec57): bodies dropped.
import requests
from dataclasses import dataclass

@dataclass
class MockResult:
    text: str

class Debank:
    chains = 'arb,eth'
