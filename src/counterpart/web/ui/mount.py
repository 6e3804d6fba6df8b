"""Mounts the UI on the node's app: its pages, its static files and its HTML error pages."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from counterpart.web.ui import (
    pages_access,
    pages_account,
    pages_admin,
    pages_compliance,
    pages_draft_edit,
    pages_drafts,
    pages_evidence,
    pages_home,
    pages_log,
    pages_parties,
    pages_record_answers,
    pages_records,
    pages_substances,
)
from counterpart.web.ui.errors import install_html_errors

STATIC_DIR = Path(__file__).parent / "static"


def install_ui(app: FastAPI) -> None:
    """Add the UI's routes and static files, and render errors on its pages as HTML."""
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    pages = (
        pages_access,
        pages_account,
        pages_home,
        pages_substances,
        pages_parties,
        pages_log,
        pages_records,
        pages_record_answers,
        pages_evidence,
        pages_drafts,
        pages_draft_edit,
        pages_compliance,
        pages_admin,
    )
    for module in pages:
        app.include_router(module.router)
    install_html_errors(app)
