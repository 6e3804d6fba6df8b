"""What the log page reads: checkpoints with their cosignatures, records, and one record's proof.

"Verify this record" makes the record's C2SP tlog-proof against the latest cosigned
checkpoint and checks it as an auditor would: the log's signature, the counterpart's
cosignature (when the node has a peer and the checkpoint carries one) and the inclusion of
the record's exact bytes.
"""

from __future__ import annotations

import base64
from datetime import UTC, datetime
from typing import Any

from counterpart.domain.errors import InvalidInput, NotFound, TamperDetected
from counterpart.domain.messages import N_, message
from counterpart.domain.records import decode_record
from counterpart.ledger.checkpoint import parse_checkpoint
from counterpart.ledger.note import VerifierKey, parse_note
from counterpart.ledger.policy import NONE, Policy
from counterpart.ledger.proof import TlogProof, make_proof, verify_proof
from counterpart.ledger.tree import hash_leaf
from counterpart.web.api.log import Node
from counterpart.workflows.log_append import cosigned_note, latest_cosigned_checkpoint
from counterpart.workflows.log_export import counterpart_name, node_policy
from counterpart.workflows.log_ports import EntryLog

LATEST_RECORDS = 50
LATEST_CHECKPOINTS = 50


def list_checkpoints(log: EntryLog, origin: str) -> list[dict[str, Any]]:
    """The latest checkpoints signed, newest first, with the cosignatures received for each."""
    cosignatures = log.cosignatures()
    return [
        {
            "size": checkpoint.size,
            "root": base64.b64encode(checkpoint.root).decode(),
            "status": checkpoint.status,
            "seen_at": checkpoint.seen_at,
            "cosignatures": [
                {"signer": c.signer, "at": datetime.fromtimestamp(c.timestamp, UTC)}
                for c in cosignatures
                if c.size == checkpoint.size and c.root == checkpoint.root and c.signer != origin
            ],
        }
        for checkpoint in sorted(log.checkpoints(), key=lambda c: -c.size)[:LATEST_CHECKPOINTS]
    ]


def describe_entry(index: int, data: bytes) -> dict[str, Any]:
    """One entry: its leaf hash and, when it decodes, the record's envelope."""
    described: dict[str, Any] = {"index": index, "leaf_hash": hash_leaf(data).hex()}
    try:
        record = decode_record(data)
    except InvalidInput as exc:
        described["problem"] = exc.message
        return described
    described.update(
        type=record.type.value,
        author=record.author,
        sequence=record.sequence,
        claimed_at=record.claimed_at,
        references=[r.log_index for r in record.references],
    )
    return described


def list_latest_records(log: EntryLog) -> list[dict[str, Any]]:
    """The latest records of the log, newest first."""
    size = log.size()
    start = max(size - LATEST_RECORDS, 0)
    entries = log.entries(start, size) if size else []
    return [describe_entry(start + i, data) for i, data in enumerate(entries)][::-1]


def read_entry(log: EntryLog, index: int) -> bytes:
    """The exact bytes of entry `index`; NotFound past the end of the log."""
    size = log.size()
    if not 0 <= index < size:
        said = message(
            N_("the log has no record %(index)s (it holds %(size)s)"), index=index, size=size
        )
        raise NotFound(said, where="index")
    [data] = log.entries(index, index + 1)
    return data


def make_record_proof(node: Node, index: int) -> TlogProof:
    """The record's tlog-proof against the latest cosigned checkpoint that contains it."""
    read_entry(node.stores.own, index)
    checkpoint = latest_cosigned_checkpoint(node.stores.own, counterpart_name(node.stores.book))
    if index >= checkpoint.size:
        said = message(
            N_(
                "record %(index)s is not in a signed checkpoint yet (the latest covers "
                "%(size)s records); it will be once the counterpart fetches the log"
            ),
            index=index,
            size=checkpoint.size,
        )
        raise NotFound(said, where="index")
    note = parse_note(cosigned_note(node.stores.own, checkpoint))
    return make_proof(node.stores.own, index, note)


def choose_policy(node: Node, own_key: VerifierKey, cosigned: bool) -> Policy:
    """The counterpart's cosignature is required when the node has a peer and it was given."""
    # Neutral witnesses are listed (optional), so their cosignatures are shown as verified.
    bilateral = node_policy(node.stores.book, own_key, node.stores.witnesses.witnesses())
    return bilateral if bilateral is not None and cosigned else Policy((own_key,))


def verify_record(node: Node, index: int) -> dict[str, Any]:
    """Check the record's proof as an offline auditor would; the outcome, never an exception."""
    data = read_entry(node.stores.own, index)
    proof = make_record_proof(node, index)
    own_key = node.signer.verifier_key()
    cosigners = {s.name for s in proof.checkpoint.signatures if s.name != own_key.name}
    policy = choose_policy(node, own_key, counterpart_name(node.stores.book) in cosigners)
    outcome: dict[str, Any] = {
        "record": describe_entry(index, data),
        "checkpoint_size": parse_checkpoint(proof.checkpoint.text).size,
        "proof_hashes": len(proof.inclusion),
        "counterpart_required": policy.quorum != NONE,
    }
    try:
        verified = verify_proof(proof, data, policy)
    except TamperDetected as exc:
        outcome.update(holds=False, reason=str(exc), cosigners=[])
        return outcome
    checkpoint = verified.signed.checkpoint
    outcome.update(
        holds=True, reason=None, origin=checkpoint.origin, cosigners=sorted(verified.cosignatures)
    )
    return outcome
