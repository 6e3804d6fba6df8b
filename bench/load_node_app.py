"""The app factory of the load bench's node when it runs several uvicorn workers.

Each worker process builds its own app from the environment (`COUNTERPART_HOME`,
`COUNTERPART_DATABASE_URL`), as `counterpart serve` does from its options.
"""

from __future__ import annotations

from fastapi import FastAPI

from counterpart.settings import Settings
from counterpart.web import create_app


def make_app() -> FastAPI:
    return create_app(Settings())
