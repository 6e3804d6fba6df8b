"""Substance screening: identify -> standardise -> registry -> class rules -> precursor alerts."""

from counterpart.chemistry.screen import (
    ALL_JURISDICTIONS,
    Screener,
    screen_substance,
    screen_substances,
)

__all__ = ["ALL_JURISDICTIONS", "Screener", "screen_substance", "screen_substances"]
