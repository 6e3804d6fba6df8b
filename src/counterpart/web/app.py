"""Builds the node's ASGI application from one Settings object."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio.to_thread
from fastapi import FastAPI

from counterpart import __version__
from counterpart.settings import Settings
from counterpart.storage.database import open_database
from counterpart.web import heap
from counterpart.web.api import auth as auth_api
from counterpart.web.api import compliance as compliance_api
from counterpart.web.api import log as log_api
from counterpart.web.api import meta
from counterpart.web.api import parties as parties_api
from counterpart.web.api import record_answers as record_answers_api
from counterpart.web.api import records as records_api
from counterpart.web.api import substances as substances_api
from counterpart.web.api import users as users_api
from counterpart.web.api import witness as witness_api
from counterpart.web.errors import install_error_handlers
from counterpart.web.limits import BodySizeLimit, RefuseNul
from counterpart.web.ui import install_ui
from counterpart.workflows.filing_screening import SubstanceMemo


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    # The threads that run sync endpoints and dependencies: few, or under load they convoy
    # on the GIL (see the `threads` setting).
    threads = app.state.settings.threads
    anyio.to_thread.current_default_thread_limiter().total_tokens = threads
    if app.state.settle_heap:
        heap.settle()  # what the app built to start lives as long as the process
    try:
        yield
    finally:
        # The engine's pool holds database connections; a stopped app must give them back.
        app.state.engine.dispose()


def create_app(settings: Settings, *, settle_heap: bool = False) -> FastAPI:
    """The node's application; every dependency hangs off `app.state`, nothing global.

    `settle_heap` (for a serving process, not for tests that build many apps): once started,
    and after each new watchlist index, the long-lived objects are exempted from the cyclic
    garbage collector (see `counterpart.web.heap`).
    """
    app = FastAPI(
        lifespan=_lifespan,
        title="Counterpart",
        version=__version__,
        summary="Counternarcotics coordination between two governments' nodes.",
        docs_url="/docs",
        openapi_url="/openapi.json",
    )
    app.state.settings = settings
    app.state.settle_heap = settle_heap
    app.state.engine = open_database(settings)
    app.state.substance_checks = SubstanceMemo()  # screening on filing, shared by requests
    install_error_handlers(app)
    app.add_middleware(RefuseNul)  # inside BodySizeLimit, which bounds the body it reads
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_upload_bytes)
    app.include_router(meta.router)
    app.include_router(substances_api.router)
    app.include_router(parties_api.router)
    app.include_router(auth_api.router)
    app.include_router(users_api.router)
    app.include_router(log_api.router)
    app.include_router(witness_api.router)
    app.include_router(compliance_api.router)
    app.include_router(records_api.router)
    app.include_router(record_answers_api.router)
    install_ui(app)  # after the error handlers: it wraps them for its HTML pages
    return app


def create_app_from_environment() -> FastAPI:
    """The app of one `counterpart serve --workers N` process, from its `COUNTERPART_*`
    environment (which `serve` fills from its own settings before starting the workers)."""
    return create_app(Settings(), settle_heap=True)
