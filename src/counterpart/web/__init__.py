"""The node's HTTP face: `create_app(settings)` with the JSON API and the server-rendered UI."""

from counterpart.web.app import create_app

__all__ = ["create_app"]
