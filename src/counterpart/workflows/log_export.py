"""Exporting this node's log as an audit bundle (the ledger's layout) for offline audit."""

from __future__ import annotations

from pathlib import Path

from counterpart.ledger.audit import write_bundle
from counterpart.ledger.note import VerifierKey, parse_vkey
from counterpart.ledger.policy import Policy, bilateral_policy
from counterpart.workflows.log_append import cosigned_note
from counterpart.workflows.log_ports import EntryLog, NodeBook


def node_policy(book: NodeBook, own_key: VerifierKey) -> Policy | None:
    """This log's key with the counterpart's cosignature required (None without a peer)."""
    peers = book.peers()
    if not peers:
        return None
    return bilateral_policy(own_key, parse_vkey(peers[0].vkey))


def export_log(own: EntryLog, book: NodeBook, own_key: VerifierKey, directory: Path) -> int:
    """Write every entry and every checkpoint with its cosignatures; how many checkpoints."""
    notes = [cosigned_note(own, checkpoint) for checkpoint in own.checkpoints()]
    write_bundle(directory, own.iter_entries(own.size()), notes, node_policy(book, own_key))
    return len(notes)
