"""`counterpart serve`: run this node's web UI and JSON API, in one or several processes."""

from __future__ import annotations

import json
import os
import socket
from pathlib import Path

import click
import uvicorn
from fastapi import FastAPI
from pydantic import SecretStr

from counterpart.cli.group import fail, main, settings_of
from counterpart.cli.node import start_mirroring
from counterpart.cli.witness import start_witnessing
from counterpart.settings import Settings
from counterpart.storage.database import open_database
from counterpart.web import create_app

APP_FACTORY = "counterpart.web.app:create_app_from_environment"
HTTP_PROTOCOL = "counterpart.web.http_protocol:NoDelayH11Protocol"


@main.command()
@click.option("--host", default=None, help="Address to bind (default: the `host` setting).")
@click.option(
    "--port",
    type=click.IntRange(1, 65535),
    default=None,
    help="Port to bind, 1-65535 (default: the `port` setting).",
)
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    default=None,
    help="Worker processes (default: the `workers` setting, 1).",
)
@click.option(
    "--access-log/--no-access-log",
    default=None,
    help="Log one line per request (default: the `access_log` setting, off).",
)
@click.pass_context
def serve(
    ctx: click.Context,
    host: str | None,
    port: int | None,
    workers: int | None,
    access_log: bool | None,
) -> None:
    """Serve this node's web UI and JSON API; the API is documented at /docs.

    With several workers each process builds its own app from the same settings; filings
    stay ordered across them by the log's lock, and the mirroring and witnessing tasks run
    once, here.
    """
    settings = settings_of(ctx)
    bind_host = host or settings.host
    bind_port = port or settings.port
    processes = workers or settings.workers
    logged = settings.access_log if access_log is None else access_log
    check_bindable(bind_host, bind_port)
    if processes == 1:
        target: FastAPI | str = create_app(settings, settle_heap=True)  # opens and migrates
    else:
        open_database(settings).dispose()  # migrated once, before the workers open it
        os.environ.update(to_environment(settings))
        target = APP_FACTORY
    click.echo(f"Counterpart node on http://{bind_host}:{bind_port}/  (API docs: /docs)")
    mirroring = start_mirroring(settings)  # in the background when a peer is registered
    witnessing = start_witnessing(settings)  # submits new checkpoints to neutral witnesses
    try:
        uvicorn.run(
            target,
            host=bind_host,
            port=bind_port,
            factory=processes > 1,
            workers=processes,
            access_log=logged,
            http=HTTP_PROTOCOL,
            log_level="info",
        )
    finally:
        if mirroring is not None:
            mirroring.stop()
        if witnessing is not None:
            witnessing.stop()


def check_bindable(host: str, port: int) -> None:
    """Refuse an address this machine cannot listen on before the app is built.

    Uvicorn would start the app, log the failed bind and exit; a name that does not resolve
    is a usage error, an address that is not this machine's (or a port in use) an error.
    """
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as exc:
        raise click.BadParameter(
            f"{host!r} is neither an IP address nor a host name this machine resolves "
            f"({exc.strerror})",
            param_hint="'--host' (or the host setting)",
        ) from exc
    family, kind, protocol, _name, address = found[0]
    with socket.socket(family, kind, protocol) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn binds
        try:
            probe.bind(address)
        except OSError as exc:
            fail(f"cannot listen on {host}:{port}: {exc.strerror}")


def to_environment(settings: Settings) -> dict[str, str]:
    """`settings` as the `COUNTERPART_*` variables that rebuild them in a worker process.

    Every field is passed as resolved here, the session secret included: a random one made
    by this process is then shared, so a session's CSRF token is good in every worker.
    """
    variables: dict[str, str] = {}
    for name, value in settings.model_dump().items():
        if value is None:
            continue
        variables[f"COUNTERPART_{name.upper()}"] = _to_text(value)
    return variables


def _to_text(value: object) -> str:
    if isinstance(value, SecretStr):
        return value.get_secret_value()
    if isinstance(value, Path):
        return str(value.resolve())
    if isinstance(value, bool | dict | list):
        return json.dumps(value)
    return str(value)
