"""Pure types shared by every layer: errors, verdicts, parties, substances, records."""
