"""Use cases, one module each, over ports declared as Protocols; no HTTP, no SQL."""
