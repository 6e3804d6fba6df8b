"""The root command group: builds Settings once and turns errors into exit codes."""

from __future__ import annotations

import os
import sys
import tempfile
import traceback
from pathlib import Path
from typing import Any, NoReturn

import click
import sqlalchemy as sa
from pydantic import ValidationError

from counterpart import __version__
from counterpart.domain.errors import CounterpartError
from counterpart.settings import Settings

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_HIT = 3
EXIT_TAMPERED = 4
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report a job stopped by Ctrl-C
SUPPORTED_DATABASES = ("sqlite", "postgresql")
LOG_INDEX = click.IntRange(0, 2**63 - 1)  # an entry index, as the databases store it (BIGINT)


class CounterpartGroup(click.Group):
    """A group that reports every failure as one line on stderr and an exit code, never a trace.

    A CounterpartError, an unreachable database and a file the system refuses are errors (1);
    Ctrl-C is 130. Anything else is a bug: one line, and the trace in a file to report.
    """

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise  # usage errors and exits: click reports them itself
        except CounterpartError as exc:
            fail(str(exc))
        except sa.exc.DBAPIError as exc:
            if not (exc.connection_invalidated or isinstance(exc, sa.exc.OperationalError)):
                report_bug(exc)  # a statement the database refused: ours to fix
            fail(f"database {_shown_url(ctx)} is unavailable: {_first_line(exc.orig)}")
        except BrokenPipeError:
            # The reader of stdout went away (`| head`); Python's own flush at exit would fail
            # again, so stdout goes to /dev/null and the output is said to be incomplete.
            sys.stdout = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 (until exit)
            fail("the output was cut short: its reader closed the pipe")
        except OSError as exc:
            fail(f"{exc.filename}: {exc.strerror}" if exc.filename else str(exc))
        except KeyboardInterrupt:
            click.echo("interrupted (Ctrl-C); the work was not finished", err=True)
            sys.exit(EXIT_INTERRUPTED)
        except Exception as exc:  # noqa: BLE001 (the outermost edge: a bug, reported, not a trace)
            report_bug(exc)


def fail(message: str) -> NoReturn:
    """One line on stderr saying what went wrong and where, and exit code 1."""
    click.echo(f"error: {message}", err=True)
    sys.exit(EXIT_ERROR)


def report_bug(exc: Exception) -> NoReturn:
    """An unforeseen exception: one line for the user, the trace in a file for the report."""
    with tempfile.NamedTemporaryFile(
        "w", prefix="counterpart-error-", suffix=".txt", delete=False, encoding="utf-8"
    ) as handle:
        traceback.print_exception(exc, file=handle)
    fail(
        f"internal error ({type(exc).__name__}: {exc}); this is a bug: please report it with "
        f"the command you ran and {handle.name}"
    )


def _shown_url(ctx: click.Context) -> str:
    settings = ctx.obj
    if not isinstance(settings, Settings):
        return "(not configured)"
    return sa.engine.make_url(settings.resolved_database_url()).render_as_string(hide_password=True)


def _first_line(error: object) -> str:
    return (str(error).strip().splitlines() or ["no reason given"])[0]


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

    Exit codes: 0 ok, 1 error, 2 usage, 3 a screening hit was found, 4 tampering found,
    130 interrupted (Ctrl-C).
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
    check_database_url(ctx.obj.resolved_database_url())


def check_database_url(url: str) -> None:
    """Refuse, as a usage error, a database URL that cannot be parsed or names another DBMS."""
    try:
        backend = sa.engine.make_url(url).get_backend_name()
    except sa.exc.ArgumentError as exc:
        raise click.BadParameter(
            f"{url!r} is not a database URL (e.g. postgresql+psycopg://user@host:5432/db)",
            param_hint="--database-url / COUNTERPART_DATABASE_URL",
        ) from exc
    if backend not in SUPPORTED_DATABASES:
        raise click.BadParameter(
            f"{backend!r}: Counterpart runs on SQLite or PostgreSQL",
            param_hint="--database-url / COUNTERPART_DATABASE_URL",
        )


def settings_of(ctx: click.Context) -> Settings:
    """The Settings object the group built for this invocation."""
    settings = ctx.find_root().obj
    assert isinstance(settings, Settings)
    return settings
