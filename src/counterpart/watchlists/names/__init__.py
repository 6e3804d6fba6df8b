"""Name normalisation: scripts, Hanzi readings, romanisations, person and company names."""
