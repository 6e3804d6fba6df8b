"""Party screening: list loading with history -> normalise/transliterate -> candidates -> score."""
