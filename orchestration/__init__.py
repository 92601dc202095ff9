"""ICT spending warehouse: ingestion, extraction, dbt marts, quality gates and publishing."""

__version__ = "0.1.0"
