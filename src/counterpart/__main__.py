"""Runs the command-line interface as `python -m counterpart`."""

from counterpart.launch import main

main()
