"""Writes for the workbench: start a bulk job (start.py), work it through item by item (advance.py)."""

from .advance import bulk_jobs_advance
from .start import bulk_batches_start, bulk_issue_start, bulk_tables_start

__all__ = ["bulk_batches_start", "bulk_issue_start", "bulk_jobs_advance", "bulk_tables_start"]
