"""Runs the command-line interface as `python -m counterpart`."""

from counterpart.cli import main

main()
