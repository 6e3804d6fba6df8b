"""`counterpart user add|list|reset-password` and `counterpart token create` for the operator."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager

import click
from sqlalchemy.engine import Engine

from counterpart.cli.group import main, settings_of
from counterpart.domain.errors import InvalidInput
from counterpart.storage.database import open_database
from counterpart.storage.users import open_access, read_node_party, to_access_config
from counterpart.workflows import access
from counterpart.workflows.access_model import Locale, Role, User
from counterpart.workflows.access_ports import AccessPorts
from counterpart.workflows.access_tokens import create_token

OPERATOR = "cli"  # the audit trail's name for whoever runs commands on the node's machine
ROLES = click.Choice([role.value for role in Role])
LOCALES = click.Choice([locale.value for locale in Locale])
CSV_FIELDS = ["id", "username", "display_name", "role", "party", "locale", "active", "created_at"]


@contextmanager
def _open_engine(ctx: click.Context) -> Iterator[Engine]:
    engine = open_database(settings_of(ctx))
    try:
        yield engine
    finally:
        engine.dispose()


@contextmanager
def _access(ctx: click.Context) -> Iterator[AccessPorts]:
    with (
        _open_engine(ctx) as engine,
        open_access(engine, to_access_config(settings_of(ctx))) as ports,
    ):
        yield ports


@main.group("user")
def user_group() -> None:
    """People who work on this node, and their roles."""


@user_group.command("add")
@click.argument("username")
@click.option("--role", type=ROLES, required=True, help="viewer, analyst, approver or admin.")
@click.option("--display-name", default="", help="The name shown in the UI (default: USERNAME).")
@click.option("--locale", type=LOCALES, default="en", show_default=True, help="UI language.")
@click.option("--party", default=None, help="The user's party (default: the node's party).")
@click.pass_context
def user_add(
    ctx: click.Context,
    username: str,
    *,
    role: str,
    display_name: str,
    locale: str,
    party: str | None,
) -> None:
    """Add a user and print a one-time password (shown once; changed at first sign-in).

    \b
    Example:
      counterpart user add li.wei --role analyst --display-name "Li Wei" --locale zh
    Exit codes: 0 added; 1 the username is taken, or an error; 2 usage.
    """
    with _open_engine(ctx) as engine:
        node_party = party or read_node_party(engine)
        if node_party is None:
            raise InvalidInput("the node has no party yet: run `counterpart init` or pass --party")
        with open_access(engine, to_access_config(settings_of(ctx))) as ports:
            user, one_time = access.create_user(
                ports,
                actor=OPERATOR,
                username=username,
                role=Role(role),
                party=node_party,
                display_name=display_name,
                locale=Locale(locale),
            )
    click.echo(f"user {user.username} ({user.role.value}, party {user.party}) added")
    click.echo(f"one-time password: {one_time}")


@user_group.command("list")
@click.option(
    "--format",
    "output",
    type=click.Choice(["table", "jsonl", "csv"]),
    default="table",
    show_default=True,
)
@click.pass_context
def user_list(ctx: click.Context, output: str) -> None:
    """List the node's users.

    \b
    Example:
      counterpart user list --format csv
    Exit codes: 0 ok; 1 error.
    """
    with _access(ctx) as ports:
        users = access.list_users(ports)
    rows = [_to_row(user) for user in users]
    if output == "jsonl":
        for row in rows:
            click.echo(json.dumps(row, ensure_ascii=False))
    elif output == "csv":
        writer = csv.DictWriter(sys.stdout, fieldnames=CSV_FIELDS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    else:
        for row in rows:
            state = "active" if row["active"] else "inactive"
            click.echo(
                f"{row['username']:<24} {row['role']:<9} {row['party']:<8} {row['locale']:<3} "
                f"{state:<8} {row['display_name']}"
            )


@user_group.command("reset-password")
@click.argument("username")
@click.pass_context
def user_reset_password(ctx: click.Context, username: str) -> None:
    """Give USERNAME a new one-time password, lift a lockout and end their sessions.

    \b
    Example:
      counterpart user reset-password li.wei
    Exit codes: 0 ok; 1 no such user, or an error.
    """
    with _access(ctx) as ports:
        account = access.require_account_by_username(ports.store, username)
        user, one_time = access.reset_password(ports, actor=OPERATOR, user_id=account.user.id)
    click.echo(f"one-time password for {user.username}: {one_time}")


@main.group("token")
def token_group() -> None:
    """API tokens for scripts and other systems."""


@token_group.command("create")
@click.argument("username")
@click.option("--name", required=True, help="What the token is for (e.g. 'customs feed').")
@click.option("--role", type=ROLES, default=None, help="Scope, at most the user's role.")
@click.option(
    "--days",
    type=int,
    default=None,
    help="Lifetime in days, 1 to token_ttl_days (default: token_ttl_days).",
)
@click.pass_context
def token_create(
    ctx: click.Context, username: str, *, name: str, role: str | None, days: int | None
) -> None:
    """Create an API token for USERNAME and print it once; only its hash is kept.

    \b
    Example:
      counterpart token create li.wei --name "customs feed" --role viewer --days 30
    Exit codes: 0 created; 1 no such user or a role above the user's, or an error; 2 usage
    (a lifetime out of range, an unknown role).
    """
    longest = settings_of(ctx).token_ttl_days
    if days is not None and not 1 <= days <= longest:
        raise click.BadParameter(
            f"{days} is not a lifetime of 1 to {longest} days (token_ttl_days)",
            param_hint="--days",
        )
    with _access(ctx) as ports:
        user = access.require_account_by_username(ports.store, username).user
        issued = create_token(
            ports,
            actor=OPERATOR,
            user=user,
            name=name,
            role=Role(role) if role else None,
            expires_in_days=days,
        )
    token = issued.token
    click.echo(
        f"token {token.name!r} for {user.username}, scope {token.role.value}, "
        f"expires {token.expires_at.isoformat(timespec='seconds')}",
        err=True,
    )
    click.echo(issued.secret)


def _to_row(user: User) -> dict[str, object]:
    return {
        "id": user.id,
        "username": user.username,
        "display_name": user.display_name,
        "role": user.role.value,
        "party": user.party,
        "locale": user.locale.value,
        "active": user.active,
        "created_at": user.created_at.isoformat(),
    }
