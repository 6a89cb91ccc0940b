# Signatures from github.com/3commacapital/prefect-flows (services/nhaga_db.py at 057fefb6ec57): bodies dropped.
from sqlalchemy import create_engine
from sqlalchemy.engine import URL
from sqlalchemy.orm import declarative_base
from sqlalchemy import Column, Integer, String, ForeignKey, Date, Float, JSON
from sqlalchemy.orm import relationship, sessionmaker
try:
    url = URL.create(drivername='postgresql', username='root', host='nhaga.xyz', port='2665', password='apassemerda', database='nhaga_DB')
except Exception:
    pass
try:
    engine = create_engine(url)
except Exception:
    pass
try:
    connection = engine.connect()
except Exception:
    pass
try:
    Base = declarative_base()
except Exception:
    pass

class Asset(Base):
    __tablename__ = 'assets'
    try:
        id = Column(Integer, primary_key=True)
    except Exception:
        pass
    try:
        name = Column(String(100), unique=True)
    except Exception:
        pass
    try:
        values = relationship('AssetValue', back_populates='asset')
    except Exception:
        pass

class AssetValue(Base):
    __tablename__ = 'asset_values'
    try:
        id = Column(Integer, primary_key=True)
    except Exception:
        pass
    try:
        asset_id = Column(Integer, ForeignKey('assets.id'), nullable=False)
    except Exception:
        pass
    try:
        date = Column(Date, nullable=False)
    except Exception:
        pass
    try:
        value = Column(Float, nullable=False)
    except Exception:
        pass
    try:
        asset = relationship('Asset', back_populates='values')
    except Exception:
        pass

class Wallet(Base):
    __tablename__ = 'wallets'
    try:
        address = Column(String(), primary_key=True, unique=True)
    except Exception:
        pass
    try:
        name = Column(String(100))
    except Exception:
        pass
    try:
        valuations = relationship('Valuation', back_populates='wallet')
    except Exception:
        pass
    try:
        snapshots = relationship('Snapshot', back_populates='wallet')
    except Exception:
        pass

class Valuation(Base):
    __tablename__ = 'wallet_valuation'
    try:
        id = Column(Integer, primary_key=True)
    except Exception:
        pass
    try:
        date = Column(Date, nullable=False)
    except Exception:
        pass
    try:
        value = Column(Float, nullable=False)
    except Exception:
        pass
    try:
        wallet_address = Column(String, ForeignKey('wallets.address'), nullable=False)
    except Exception:
        pass
    try:
        wallet = relationship('Wallet', back_populates='valuations')
    except Exception:
        pass

class Snapshot(Base):
    __tablename__ = 'wallet_snapshots'
    try:
        id = Column(Integer, primary_key=True)
    except Exception:
        pass
    try:
        date = Column(Date, nullable=False)
    except Exception:
        pass
    try:
        wallet_address = Column(String, ForeignKey('wallets.address'), nullable=False)
    except Exception:
        pass
    try:
        tokens = Column(JSON, nullable=True)
    except Exception:
        pass
    try:
        projects = Column(JSON, nullable=True)
    except Exception:
        pass
    try:
        wallet = relationship('Wallet', back_populates='snapshots')
    except Exception:
        pass
try:
    Session = sessionmaker(bind=engine)
except Exception:
    pass
try:
    session = Session()
except Exception:
    pass
