"""Submitting this node's checkpoints to its neutral witnesses (c2sp.org/tlog-witness client).

For each registered witness that has not cosigned the latest signed checkpoint: send it each
signed checkpoint above the size it last cosigned, oldest first, with `old <that size>` and the
consistency proof from there; on 409 retry once from the size the witness says it knows. Each
cosignature line returned is checked with the witness's registered key over exactly this
checkpoint before it is kept; one by another key, over another checkpoint, a 422 (the witness
holds a root our log does not extend) or a 409 above our size (the witness saw a larger log)
is an alarm and nothing is kept.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from counterpart.domain.errors import (
    CounterpartError,
    InvalidInput,
    NotFound,
    PeerUnavailable,
    PermissionDenied,
)
from counterpart.domain.messages import N_, Message, message
from counterpart.ledger.note import VerifierKey
from counterpart.ledger.tree import prove_consistency
from counterpart.workflows.log_append import CLOCK_SKEW_SECONDS
from counterpart.workflows.log_checkpoints import (
    OpenedCheckpoint,
    check_cosignature,
    open_checkpoint,
    parse_signature_line,
)
from counterpart.workflows.log_ports import EntryLog, NodeBook, StoredCheckpoint, StoredCosignature
from counterpart.workflows.neutral_witnesses import NeutralWitness, WitnessRegistry
from counterpart.workflows.witness import ProofRejected, StaleOldSize

MAX_PER_ROUND = 64  # checkpoints sent to one witness in a round; the next round goes on


class WitnessEndpoint(Protocol):
    """A witness's add-checkpoint endpoint; each refusal is raised as its error.

    StaleOldSize (409, with the size it knows), NotFound (404), PermissionDenied (403),
    ProofRejected (422), BadWitnessRequest (400), PeerUnavailable (unreachable).
    """

    def add_checkpoint(self, old_size: int, proof: list[bytes], checkpoint: str) -> str: ...


class Outcome(enum.StrEnum):
    """What a submission to one witness came to."""

    COSIGNED = "cosigned"
    UP_TO_DATE = "up_to_date"  # it had already cosigned the latest checkpoint
    NOTHING_TO_SUBMIT = "nothing_to_submit"  # no checkpoint signed yet
    UNREACHABLE = "unreachable"
    UNKNOWN_LOG = "unknown_log"  # 404: its operator has not added this log
    REFUSED = "refused"  # 400, 403, a second 409, or a cosignature not kept
    ALARM = "alarm"  # evidence the witness saw another log, or answered for another key


@dataclass(frozen=True)
class WitnessResult:
    """One witness's answer in a round."""

    witness: str
    outcome: Outcome
    size: int | None = None  # the checkpoint submitted (or already cosigned)
    error: str | None = None


@dataclass(frozen=True)
class SubmissionPorts:
    """What a round works with: this node's log, its book (alarms), the witnesses, the wire."""

    own: EntryLog
    book: NodeBook
    registry: WitnessRegistry
    log_key: VerifierKey
    endpoint_for: Callable[[NeutralWitness], WitnessEndpoint]
    clock: Callable[[], int]  # Unix seconds, to check a cosignature's timestamp
    now: Callable[[], datetime]


def submit_to_witnesses(
    ports: SubmissionPorts, names: Collection[str] | None = None
) -> list[WitnessResult]:
    """One round: each witness (those in `names`, if given) brought up to the latest signed
    checkpoint; a witness that already cosigned it is sent nothing."""
    witnesses = ports.registry.witnesses()
    if names is not None:
        unknown = sorted(set(names) - {w.name for w in witnesses})
        if unknown:
            raise NotFound(f"no witness named {unknown[0]!r}; see `counterpart witness list`")
        witnesses = [w for w in witnesses if w.name in names]
    latest = ports.own.latest_checkpoint()
    return [_submit(ports, witness, latest) for witness in witnesses]


def _submit(
    ports: SubmissionPorts, witness: NeutralWitness, latest: StoredCheckpoint | None
) -> WitnessResult:
    """Bring one witness up to the latest checkpoint, each checkpoint it lacks in turn.

    Every signed checkpoint is submitted (oldest first, at most MAX_PER_ROUND a round), so
    each one in an audit bundle can carry the witness's cosignature when a policy needs it.
    """
    if latest is None:
        return WitnessResult(witness.name, Outcome.NOTHING_TO_SUBMIT)
    if witness.cosigned_size == latest.size and _has_cosignature(ports.own, witness, latest):
        return WitnessResult(witness.name, Outcome.UP_TO_DATE, latest.size)
    known = witness.cosigned_size or 0
    if known > latest.size:
        known = 0  # our record is ahead of the log (a restored database): the witness says
    pending = [c for c in ports.own.checkpoints("ok") if c.size > known] or [latest]
    endpoint = ports.endpoint_for(witness)
    for stored in sorted(pending, key=lambda c: c.size)[:MAX_PER_ROUND]:
        if stored.size < known:
            continue  # the witness said (409) it is past this checkpoint
        checkpoint = open_checkpoint(stored.note, ports.log_key)
        try:
            known, body = _send(ports, endpoint, witness, checkpoint, old=known, latest=latest.size)
            if body is None:
                continue
            _keep_cosignatures(ports, witness, checkpoint, body)
        except (_Alarmed, CounterpartError) as exc:
            outcome, error = _failure(ports, checkpoint, exc)
            ports.registry.record_failure(witness.name, error, ports.now())
            return WitnessResult(witness.name, outcome, checkpoint.size, error)
        known = checkpoint.size
        ports.registry.record_cosigned(witness.name, known, ports.now())
    return WitnessResult(witness.name, Outcome.COSIGNED, known)


def _failure(
    ports: SubmissionPorts, checkpoint: OpenedCheckpoint, exc: Exception
) -> tuple[Outcome, str]:
    """The outcome a failed submission comes to, and the error kept for the operator."""
    if isinstance(exc, _Alarmed):
        return Outcome.ALARM, str(exc)
    if isinstance(exc, PeerUnavailable):
        return Outcome.UNREACHABLE, str(exc)
    if isinstance(exc, NotFound):
        return Outcome.UNKNOWN_LOG, (
            f"the witness does not know this log ({exc}); its operator must add the origin "
            f"{checkpoint.origin!r} with the vkey {ports.log_key.to_vkey()}"
        )
    if isinstance(exc, PermissionDenied):
        return Outcome.REFUSED, (
            f"{exc}; the witness checks this log's signature with the vkey its operator "
            f"configured for {checkpoint.origin!r}, which must be {ports.log_key.to_vkey()}"
        )
    return Outcome.REFUSED, str(exc)


class _Alarmed(Exception):
    """An alarm was raised; the round reports it for this witness and goes on."""

    def __init__(self, said: Message) -> None:
        super().__init__(said.english())
        self.said = said


def _send(
    ports: SubmissionPorts,
    endpoint: WitnessEndpoint,
    witness: NeutralWitness,
    checkpoint: OpenedCheckpoint,
    *,
    old: int,
    latest: int,
) -> tuple[int, str | None]:
    """add-checkpoint from `old`; on 409 once more from the size the witness says it knows.

    (old size used, the answer), or (the witness's size, None) when it is already past this
    checkpoint. A size above our latest checkpoint, or a proof it rejects, is an alarm.
    """
    try:
        return old, _add(ports, endpoint, witness, checkpoint, old)
    except StaleOldSize as exc:
        if exc.size > latest:
            text = N_(
                "witness %(witness)s has seen this log at size %(seen)s, larger than its "
                "latest checkpoint %(size)s: another log under this origin may exist (a fork)"
            )
            said = message(text, witness=witness.name, seen=exc.size, size=latest)
            raise _alarm(
                ports, witness, "witness_saw_larger_log", said, checkpoint=checkpoint
            ) from exc
        if exc.size > checkpoint.size:
            return exc.size, None
        return exc.size, _add(ports, endpoint, witness, checkpoint, exc.size)


def _add(
    ports: SubmissionPorts,
    endpoint: WitnessEndpoint,
    witness: NeutralWitness,
    checkpoint: OpenedCheckpoint,
    old: int,
) -> str:
    size = checkpoint.size
    proof = [] if old in (0, size) else prove_consistency(ports.own, old, size)
    try:
        return endpoint.add_checkpoint(old, proof, checkpoint.text)
    except ProofRejected as exc:
        text = N_(
            "witness %(witness)s rejected the consistency proof from size %(old)s to "
            "%(size)s: the tree it cosigned at %(old)s is not this log's (%(reason)s)"
        )
        said = message(text, witness=witness.name, old=old, size=checkpoint.size, reason=str(exc))
        raise _alarm(ports, witness, "witness_rejected_proof", said, checkpoint=checkpoint) from exc


def _keep_cosignatures(
    ports: SubmissionPorts, witness: NeutralWitness, checkpoint: OpenedCheckpoint, body: str
) -> None:
    """Keep the witness's cosignature of this checkpoint, once each line has been checked.

    Lines by the registered key must verify over this very checkpoint; lines by other keys
    (another algorithm the witness also signs with) are ignored, but one line by the
    registered key is required. Anything else keeps nothing and raises an alarm.
    """
    key = witness.key
    kept: list[StoredCosignature] = []
    try:
        lines = [line for line in body.splitlines() if line.strip()]
        for line in lines:
            signature = parse_signature_line(line)
            if not key.matches(signature):
                continue
            timestamp = check_cosignature(checkpoint, line, key)
            if timestamp > ports.clock() + CLOCK_SKEW_SECONDS:
                raise InvalidInput(f"the cosignature is dated {timestamp}, in the future")
            line_text = line.rstrip() + "\n"
            kept.append(
                StoredCosignature(checkpoint.size, checkpoint.root, key.name, line_text, timestamp)
            )
        if not kept:
            raise PermissionDenied(f"no cosignature line by the registered key {witness.vkey}")
    except (InvalidInput, PermissionDenied) as exc:
        text = N_(
            "witness %(witness)s answered checkpoint %(size)s with a cosignature that is not "
            "its registered key's over that checkpoint; nothing was kept (%(reason)s)"
        )
        said = message(text, witness=witness.name, size=checkpoint.size, reason=str(exc))
        raise _alarm(
            ports, witness, "witness_cosignature_refused", said, checkpoint=checkpoint, answer=body
        ) from exc
    for cosignature in kept:
        ports.own.add_cosignature(cosignature)


def _alarm(
    ports: SubmissionPorts,
    witness: NeutralWitness,
    kind: str,
    said: Message,
    *,
    checkpoint: OpenedCheckpoint,
    answer: str = "",
) -> _Alarmed:
    """Raise the alarm with its evidence; the exception that reports it for this witness."""
    evidence = f"witness {witness.name} at {witness.url}\n\n{checkpoint.text}"
    if answer:
        evidence += f"\nanswer:\n{answer}"
    ports.book.raise_alarm(ports.own.log, kind, said, evidence)
    return _Alarmed(said)


def _has_cosignature(own: EntryLog, witness: NeutralWitness, latest: StoredCheckpoint) -> bool:
    name = witness.key.name
    return any(c.signer == name and c.root == latest.root for c in own.cosignatures(latest.size))
