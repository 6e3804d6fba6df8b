"""Exporting this node's log as an audit bundle (the ledger's layout) for offline audit."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from counterpart.domain.errors import InvalidInput
from counterpart.ledger.audit import write_bundle
from counterpart.ledger.cosignature import cosigner_key
from counterpart.ledger.note import VerifierKey, parse_vkey
from counterpart.ledger.policy import Group, Policy, Witness
from counterpart.workflows.log_append import cosigned_note
from counterpart.workflows.log_ports import EntryLog, NodeBook
from counterpart.workflows.neutral_witnesses import NeutralWitness


def node_policy(
    book: NodeBook,
    own_key: VerifierKey,
    witnesses: Sequence[NeutralWitness] = (),
    *,
    require_witness: bool = False,
) -> Policy | None:
    """This log's key with the counterpart's cosignature required (None without a peer).

    Each neutral witness is listed under its registered name; with `require_witness` one of
    them must have cosigned too (`group neutral any ...`, `group both all counterpart
    neutral`, `quorum both`), else they are optional (`quorum counterpart`).
    """
    peers = book.peers()
    if not peers:
        return None
    listed = [Witness("counterpart", cosigner_key(parse_vkey(peers[0].vkey)))]
    listed += [Witness(w.name, w.key, w.url) for w in witnesses]
    if not require_witness:
        return Policy((own_key,), tuple(listed), (), "counterpart")
    if not witnesses:
        raise InvalidInput(
            "the setting require_neutral_witness is on but no neutral witness is registered; "
            "add one with `counterpart witness add`",
            where="COUNTERPART_REQUIRE_NEUTRAL_WITNESS",
        )
    groups = (
        Group("neutral", 1, tuple(w.name for w in witnesses)),
        Group("both", 2, ("counterpart", "neutral")),
    )
    return Policy((own_key,), tuple(listed), groups, "both")


def counterpart_name(book: NodeBook) -> str | None:
    """The key name the counterpart cosigns with (None without a peer)."""
    peers = book.peers()
    return parse_vkey(peers[0].vkey).name if peers else None


def export_log(
    own: EntryLog,
    book: NodeBook,
    own_key: VerifierKey,
    directory: Path,
    witnesses: Sequence[NeutralWitness] = (),
    *,
    require_witness: bool = False,
) -> int:
    """Write every entry and every checkpoint with its cosignatures; how many checkpoints."""
    policy = node_policy(book, own_key, witnesses, require_witness=require_witness)
    notes = [cosigned_note(own, checkpoint) for checkpoint in own.checkpoints()]
    write_bundle(directory, own.iter_entries(own.size()), notes, policy)
    return len(notes)
