"""Setting a node up: its party, its log origin and key, and the counterpart it talks to."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime

from counterpart.domain.errors import Conflict, InvalidInput, NotFound
from counterpart.domain.messages import N_, message
from counterpart.ledger.note import SIG_ED25519, NoteSigner, VerifierKey, parse_vkey
from counterpart.workflows.access_audit import audit_event
from counterpart.workflows.log_ports import NodeBook, PeerRow

_PARTY = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
NOT_INITIALISED = N_("this node is not initialised; run `counterpart init`")
_URL = re.compile(r"^https?://[^\s/]+(/[^\s]*)?$")


def origin_for(party: str) -> str:
    """The log origin (and key name) of a party's node."""
    return f"counterpart/{party}"


def init_node(
    book: NodeBook, party: str, name: str, make_key: Callable[[str], NoteSigner]
) -> NoteSigner:
    """Record the node's party and name and make its key; refuses a second init."""
    if not _PARTY.match(party):
        raise InvalidInput("a party ID is 1-64 letters, digits, '.', '_' or '-'", where="--party")
    if not name.strip():
        raise InvalidInput("the node name is empty", where="--name")
    if "origin" in book.meta():
        raise Conflict(f"this node is already initialised as {book.meta()['origin']}")
    signer = make_key(origin_for(party))
    book.set_meta({"party": party, "name": name.strip(), "origin": signer.name})
    return signer


def require_origin(book: NodeBook) -> str:
    """The node's log origin; NotFound before `counterpart init`."""
    origin = book.meta().get("origin")
    if origin is None:
        raise NotFound(message(NOT_INITIALISED))
    return origin


def add_peer(
    book: NodeBook,
    name: str,
    url: str,
    vkey: str,
    *,
    actor: str | None = None,
    now: datetime | None = None,
) -> PeerRow:
    """Register the counterpart's node: a name, its base URL and its log's vkey.

    With `actor` (an operator's `peer add`), the audit row `peer.add` commits with it: the
    peer's key is what every cosignature and signed request is checked against.
    """
    if not _PARTY.match(name):
        raise InvalidInput("a peer name is 1-64 letters, digits, '.', '_' or '-'", where="NAME")
    if not _URL.match(url):
        raise InvalidInput(f"{url!r} is not an http(s) URL", where="URL")
    key = parse_vkey(vkey)
    if key.sig_type != SIG_ED25519:
        raise InvalidInput("the peer's vkey must be an Ed25519 (type 0x01) note key", where="VKEY")
    row = PeerRow(name=name, url=url.rstrip("/"), vkey=key.to_vkey())
    event = None
    if actor is not None:
        detail = {"url": row.url, "vkey": row.vkey}
        at = now or datetime.now(UTC)
        event = audit_event(
            at, actor=actor, action="peer.add", target=f"peer:{name}", detail=detail
        )
    book.add_peer(row, event)
    return row


def peer_keys(book: NodeBook) -> dict[str, VerifierKey]:
    """The registered peers' log keys, by key name (the name their requests are signed with)."""
    keys = (parse_vkey(peer.vkey) for peer in book.peers())
    return {key.name: key for key in keys}
