"""opencsc: children's social care record, returns, indicators and synthetic data."""

__version__ = "0.1.0"
