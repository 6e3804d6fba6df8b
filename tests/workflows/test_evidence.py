"""Keeping evidence files (`workflows.evidence`), on SQLite and PostgreSQL: stored once under
their SHA-256 with an audit event; empty, oversized or badly typed files and viewers refused."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest

from counterpart.domain.errors import InvalidInput, PayloadTooLarge, PermissionDenied
from counterpart.workflows.access_model import AuditQuery, Role
from counterpart.workflows.evidence import keep_evidence
from tests.workflows.records_fixtures import Side, make_pair, principal


@pytest.fixture
def side(tmp_path: Path, database_url: str) -> Iterator[Side]:
    for a, _b in make_pair(tmp_path, database_url):
        yield a


def test_a_file_is_kept_once_under_its_hash_and_audited(side: Side) -> None:
    analyst = principal("us", Role.ANALYST)
    data = b"a Federal Register notice"
    with side.begin() as ports:
        first = keep_evidence(
            ports, analyst, data, media_type="text/plain", limit=100, clock=side.clock
        )
    with side.begin() as ports:
        again = keep_evidence(
            ports, analyst, data, media_type="text/plain", limit=100, clock=side.clock
        )
        kept = ports.get_evidence(first.sha256)
        events = ports.query(AuditQuery(action="evidence.upload")).items
    assert first.sha256 == hashlib.sha256(data).hexdigest() == again.sha256
    assert (first.stored, again.stored) == (True, False)
    assert kept is not None and (kept.party, kept.size) == ("us", len(data))
    assert [e.target for e in events] == [f"evidence:{first.sha256}"] * 2


@pytest.mark.parametrize(
    ("data", "media_type", "error", "words"),
    [
        (b"x" * 11, "text/plain", PayloadTooLarge, "11 bytes, over the 10-byte limit"),
        (b"", "text/plain", InvalidInput, "the file is empty"),
        (b"abc", "plain", InvalidInput, "plain"),
    ],
)
def test_a_bad_file_is_refused_saying_why_and_nothing_is_kept(
    side: Side, data: bytes, media_type: str, error: type[Exception], words: str
) -> None:
    analyst = principal("us", Role.ANALYST)
    with pytest.raises(error, match=words), side.begin() as ports:
        keep_evidence(ports, analyst, data, media_type=media_type, limit=10, clock=side.clock)
    with side.begin() as ports:
        assert ports.get_evidence(hashlib.sha256(data).hexdigest()) is None


def test_a_viewer_cannot_keep_evidence(side: Side) -> None:
    viewer = principal("us", Role.VIEWER)
    with pytest.raises(PermissionDenied), side.begin() as ports:
        keep_evidence(ports, viewer, b"abc", media_type="text/plain", limit=10, clock=side.clock)
