"""The `counterpart` command group; each command lives in the module of its capability.

Exit codes: 0 ok, 1 error, 2 usage, 3 a screening hit was found, 4 tampering was found,
130 interrupted.
"""

from __future__ import annotations

from counterpart.cli import (
    audit,
    compliance,
    demo,
    node,
    parties,
    records,
    serve,
    substances,
    users,
    watchlists,
    witness,
)
from counterpart.cli.group import main

__all__ = ["main"]

# Each module registers its commands on `main` when imported.
_COMMAND_MODULES = (
    audit,
    compliance,
    demo,
    node,
    parties,
    records,
    serve,
    substances,
    users,
    watchlists,
    witness,
)
