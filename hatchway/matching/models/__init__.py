"""Matching's tables: listing vectors (the index's source) and the pipeline from interest to outcome."""

from .pipeline import *  # noqa: F403
from .vectors import *  # noqa: F403
