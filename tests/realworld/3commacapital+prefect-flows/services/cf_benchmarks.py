# Signatures from github.com/3commacapital/prefect-flows (services/cf_benchmarks.py at 057fefb6ec57): bodies dropped.
import requests
import base64

class CFBenchmark:
    base_url = 'https://www.cfbenchmarks.com/api/v1'
