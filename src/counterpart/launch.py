"""The `counterpart` program: Ctrl-C made reliable first (see `interrupts`), then the commands.

The command modules are imported only after SIGINT is routed, because importing them starts
threads (OpenBLAS's) that must inherit the blocked signal.
"""

from __future__ import annotations


def main() -> None:
    from counterpart.interrupts import forward_sigint

    forward_sigint()
    from counterpart.cli import main as commands

    commands()
