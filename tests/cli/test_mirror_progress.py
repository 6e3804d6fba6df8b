"""`counterpart mirror`'s bar: drawn while a round fetches, and taken down when it is done."""

from __future__ import annotations

import io

from click.testing import CliRunner
from rich.console import Console

from counterpart.cli import main
from counterpart.cli.mirror_progress import CatchUpBar


def test_the_bar_counts_the_mirrored_entries_and_stops_at_the_checkpoint() -> None:
    out = io.StringIO()
    bar = CatchUpBar(Console(file=out, force_terminal=False, width=80))
    bar(500, 1200)
    assert bar.bar is not None
    bar(1200, 1200)
    assert bar.bar is None  # stopped: the next round starts a bar of its own
    assert "mirroring" in out.getvalue() and "1200/1200" in out.getvalue()


def test_closing_a_bar_of_a_failed_round_takes_it_down() -> None:
    bar = CatchUpBar(Console(file=io.StringIO(), force_terminal=False))
    bar(500, 1200)
    bar.close()
    assert (bar.bar, bar.task) == (None, None)


def test_mirror_offers_the_choice_of_a_bar() -> None:
    shown = CliRunner().invoke(main, ["mirror", "--help"])
    assert "--progress / --no-progress" in shown.stdout
