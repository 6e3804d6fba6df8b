"""A page's upload over the node's body limit: the HTML error page, in the reader's language."""

from __future__ import annotations

import html
from pathlib import Path

from tests.web.auth_node import open_web_node
from tests.web.ui.ui_node import BROWSER_HEADERS

LIMIT = 4096


def test_an_oversized_upload_gets_the_error_page_in_chinese_and_the_twin_the_json_shape(
    tmp_path: Path, database_url: str
) -> None:
    for web in open_web_node(tmp_path, database_url, max_upload_bytes=LIMIT):
        client, csrf = web.sign_in("analyst")
        client.headers.update(BROWSER_HEADERS)
        client.post("/language", data={"locale": "zh", "next": "/", "csrf_token": csrf})
        upload = {"file": ("queries.txt", b"CCO\n" * LIMIT, "text/plain")}
        page = client.post("/screen/substance", data={"csrf_token": csrf}, files=upload)
        assert page.status_code == 413
        assert page.headers["content-type"].startswith("text/html")
        text = html.unescape(page.text)
        said = f'请求正文超过 <span translate="no">{LIMIT}</span> 字节的上限'
        assert said in text
        assert "request body is over the limit" not in text
        twin = client.post("/screen/substance.json", data={"csrf_token": csrf}, files=upload)
        assert twin.status_code == 413
        assert twin.json() == {
            "ok": False,
            "code": "payload_too_large",
            "error": f"request body is over the limit of {LIMIT} bytes",
            "status": 413,
            "message": {
                "id": "request body is over the limit of %(limit)s bytes",
                "params": {"limit": LIMIT},
            },
        }
