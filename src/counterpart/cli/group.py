"""The root command group: builds Settings once and turns errors into exit codes."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click
from pydantic import ValidationError

from counterpart import __version__
from counterpart.domain.errors import CounterpartError
from counterpart.settings import Settings

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_HIT = 3
EXIT_TAMPERED = 4


class CounterpartGroup(click.Group):
    """A group that reports a CounterpartError as one line on stderr and exit code 1."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except CounterpartError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(EXIT_ERROR)


@click.group(
    cls=CounterpartGroup,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.option(
    "--home",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="The node's data directory (default: $COUNTERPART_HOME or ./.counterpart).",
)
@click.option(
    "--database-url",
    default=None,
    help="SQLAlchemy URL of the database (default: $COUNTERPART_DATABASE_URL or SQLite in HOME).",
)
@click.version_option(__version__, prog_name="counterpart")
@click.pass_context
def main(ctx: click.Context, home: Path | None, database_url: str | None) -> None:
    """Counterpart: screen substances and parties, exchange verifiable records with the
    counterpart government's node, and measure compliance both ways.

    Exit codes: 0 ok, 1 error, 2 usage, 3 a screening hit was found, 4 tampering found.
    """
    overrides: dict[str, Any] = {}
    if home is not None:
        overrides["home"] = home
    if database_url is not None:
        overrides["database_url"] = database_url
    try:
        ctx.obj = Settings(**overrides)
    except ValidationError as exc:
        raise click.UsageError(f"invalid setting: {exc.errors()[0]['msg']}") from exc


def settings_of(ctx: click.Context) -> Settings:
    """The Settings object the group built for this invocation."""
    settings = ctx.find_root().obj
    assert isinstance(settings, Settings)
    return settings
