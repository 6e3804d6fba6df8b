"""Substance screening: identify -> standardise -> registry -> class rules -> precursor alerts."""
