"""The analysts' web UI: server-rendered pages in English and Chinese, each with a JSON twin."""

from counterpart.web.ui.mount import install_ui

__all__ = ["install_ui"]
