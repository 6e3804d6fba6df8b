"""`counterpart serve`: run this node's web UI and JSON API."""

from __future__ import annotations

import click
import uvicorn

from counterpart.cli.group import main, settings_of
from counterpart.cli.node import start_mirroring
from counterpart.web import create_app


@main.command()
@click.option("--host", default=None, help="Address to bind (default: the `host` setting).")
@click.option("--port", type=int, default=None, help="Port to bind (default: the `port` setting).")
@click.pass_context
def serve(ctx: click.Context, host: str | None, port: int | None) -> None:
    """Serve this node's web UI and JSON API; the API is documented at /docs."""
    settings = settings_of(ctx)
    app = create_app(settings)  # opens the database and migrates it
    bind_host = host or settings.host
    bind_port = port or settings.port
    click.echo(f"Counterpart node on http://{bind_host}:{bind_port}/  (API docs: /docs)")
    mirroring = start_mirroring(settings)  # in the background when a peer is registered
    try:
        uvicorn.run(app, host=bind_host, port=bind_port, log_level="info")
    finally:
        if mirroring is not None:
            mirroring.stop()
