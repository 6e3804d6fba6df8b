"""Counterpart: counternarcotics coordination between two governments' nodes."""

__version__ = "0.1.0"
