"""Liveness and version of the node."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel

from counterpart import __version__
from counterpart.web.errors import ERROR_RESPONSES

router = APIRouter(prefix="/api/v1", tags=["node"], responses=ERROR_RESPONSES)


class Health(BaseModel):
    ok: bool
    version: str


@router.get("/health")
def read_health() -> Health:
    """Whether the node is up, and which version of Counterpart it runs."""
    return Health(ok=True, version=__version__)
