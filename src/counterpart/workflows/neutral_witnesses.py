"""Neutral witnesses (c2sp.org/tlog-witness) of this node's log: register, list, remove.

A neutral witness (a secretariat such as INCB) runs a stock C2SP witness; this node submits
its checkpoints to it and keeps the cosignatures it returns beside the counterpart's. Every
registration and removal is written to the audit trail in the same transaction.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from counterpart.domain.errors import Conflict, InvalidInput
from counterpart.ledger.note import SIG_COSIGNATURE_V1, VerifierKey, parse_vkey
from counterpart.workflows.access_audit import audit_event
from counterpart.workflows.access_model import AuditEvent

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
_URL = re.compile(r"^https?://[^\s/?#]+(/[^\s?#]*)?$")
# Names the exported trust policy uses for itself (tlog-policy witness and group names).
RESERVED_NAMES = frozenset({"counterpart", "neutral", "both", "none"})


@dataclass(frozen=True)
class NeutralWitness:
    """A registered witness, and what it last did with this node's log."""

    name: str
    url: str  # the submission prefix: requests go to URL/add-checkpoint
    vkey: str
    added_at: datetime
    cosigned_size: int | None = None
    cosigned_at: datetime | None = None
    last_error: str | None = None
    tried_at: datetime | None = None

    @property
    def key(self) -> VerifierKey:
        """The witness's cosignature/v1 key (a type 0x01 vkey is converted, as Go does)."""
        return parse_vkey(self.vkey).as_type(SIG_COSIGNATURE_V1)


class WitnessRegistry(Protocol):
    """Where the registered witnesses and their progress are kept."""

    def add_witness(self, witness: NeutralWitness, event: AuditEvent) -> None: ...
    def remove_witness(self, name: str, event: AuditEvent) -> None: ...
    def witnesses(self) -> list[NeutralWitness]: ...
    def record_cosigned(self, name: str, size: int, at: datetime) -> None: ...
    def record_failure(self, name: str, error: str, at: datetime) -> None: ...


def add_witness(
    registry: WitnessRegistry,
    *,
    name: str,
    url: str,
    vkey: str,
    actor: str,
    now: datetime,
    own_key: VerifierKey | None = None,
) -> NeutralWitness:
    """Register a witness at `url` (its submission prefix) with its cosigning key `vkey`."""
    if not _NAME.match(name):
        raise InvalidInput("a witness name is 1-64 letters, digits, '.', '_' or '-'", where="NAME")
    if name.lower() in RESERVED_NAMES:
        raise InvalidInput(
            f"{name!r} is a name the exported trust policy uses itself; choose another",
            where="NAME",
        )
    if not _URL.match(url):
        raise InvalidInput(
            f"{url!r} is not an http(s) URL without query or fragment (the witness's "
            "submission prefix, e.g. https://witness.example/incb)",
            where="URL",
        )
    try:
        key = parse_vkey(vkey)
    except InvalidInput as exc:
        raise InvalidInput(
            f"not a witness vkey (name+keyid+base64 of a type 0x04 cosignature/v1 or 0x01 "
            f"Ed25519 key): {exc.message}",
            where="VKEY",
        ) from exc
    if own_key is not None and key.public_key == own_key.public_key:
        raise InvalidInput("this is this node's own key; give the witness's", where="VKEY")
    for other in registry.witnesses():
        if parse_vkey(other.vkey).public_key == key.public_key and other.name != name:
            raise Conflict(f"witness {other.name!r} already has this key", where="VKEY")
    witness = NeutralWitness(name, url.rstrip("/"), key.to_vkey(), now)
    detail = {"url": witness.url, "vkey": witness.vkey}
    event = audit_event(
        now, actor=actor, action="witness.add", target=f"witness:{name}", detail=detail
    )
    registry.add_witness(witness, event)
    return witness


def remove_witness(registry: WitnessRegistry, name: str, *, actor: str, now: datetime) -> None:
    """Forget a witness; the cosignatures it gave stay with their checkpoints."""
    event = audit_event(now, actor=actor, action="witness.remove", target=f"witness:{name}")
    registry.remove_witness(name, event)
