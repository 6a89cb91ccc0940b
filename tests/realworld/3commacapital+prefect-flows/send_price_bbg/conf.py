# Signatures from github.com/3commacapital/prefect-flows (send_price_bbg/conf.py at 057fefb6ec57): bodies dropped.
EMAIL_3CC = 'ops@3commafunds.com'
RECIPIENTS = ['fundpricing@bloomberg.net', 'nav@morningstareurope.com', 'lipper.pricing@lseg.com']
fund_names_dict = {'PT3CMCHM0004': '3CC Global Crypto Fund, Fundo de Investimento Alternativo Aberto', 'PT3CMDHM0003': '3CC Global Crypto Fund, Fundo de Investimento Alternativo Aberto'}
fund_names_binfolio = {'Global Crypto Fund - Base': '3CC Global Crypto Fund, Fundo de Investimento Alternativo Aberto'}
refinitiv_primary_isin = {'3CC Global Crypto Fund, Fundo de Investimento Alternativo Aberto': 'PT3CMCHM0004'}
asset_names = {'XLM': 'Stellar', 'XRP': 'Ripple', 'ADA': 'Cardano', 'UC5_EUR_RR_TR': 'CF Benchmarks', 'UNI': 'Uniswap', 'LTC': 'Litecoin', 'BTC': 'Bitcoin', 'DOT': 'Polkadot', 'DOGE': 'Doge Coin', 'SOL': 'Solana', 'SHIB': 'Shiba Inu', 'MATIC': 'Polygon', 'LINK': 'Chainlink', 'ETH': 'Ethereum'}
