"""Offline audit of an audit bundle: every root recomputed from the entry bytes up.

Bundle layout (written by `write_bundle`, read by `read_bundle`; `counterpart log export DIR`
writes it and `counterpart audit DIR` checks it):

    DIR/entries.jsonl     one line per entry, in index order: {"index": N, "data": "<base64>"}
                          where data is the exact leaf bytes (the record's canonical JSON)
    DIR/checkpoints/      every checkpoint ever signed, one signed note per file, named
                          <size, 12 digits>.txt (a second one of the same size: ...-2.txt);
                          each carries the log's signature and the cosignatures it collected
    DIR/policy.txt        optional: the exporter's tlog-policy (an auditor passes their own)

The audit recomputes every leaf hash and the root at each checkpoint's size from the entry
bytes, so two checkpoints that both match are consistent by construction; it verifies every
checkpoint's log signature and cosignature quorum against the policy, and reports two
checkpoints of one size with different roots (a fork), entries missing or out of order, a
log shorter than a checkpoint, and a cosigner whose timestamps go backwards.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from counterpart.domain.errors import CounterpartError, InvalidInput
from counterpart.ledger.checkpoint import Checkpoint, parse_checkpoint
from counterpart.ledger.policy import Policy, VerifiedCheckpoint, parse_policy, verify_checkpoint
from counterpart.ledger.tree import Frontier, hash_leaf

ENTRIES_FILE = "entries.jsonl"
CHECKPOINTS_DIR = "checkpoints"
POLICY_FILE = "policy.txt"


@dataclass(frozen=True, slots=True)
class Finding:
    """One piece of evidence that the bundle is not what the log signed."""

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


@dataclass(frozen=True, slots=True)
class AuditReport:
    entries: int
    checkpoints: int
    findings: tuple[Finding, ...]
    largest_verified_size: int = 0

    @property
    def sound(self) -> bool:
        return not self.findings


def write_bundle(
    directory: Path, entries: Iterable[bytes], checkpoints: Iterable[str], policy: Policy | None
) -> Path:
    """Write an audit bundle in the layout above; returns the directory."""
    directory.mkdir(parents=True, exist_ok=True)
    with (directory / ENTRIES_FILE).open("w", encoding="ascii") as out:
        for index, data in enumerate(entries):
            out.write(f'{{"index":{index},"data":"{base64.b64encode(data).decode()}"}}\n')
    folder = directory / CHECKPOINTS_DIR
    folder.mkdir(exist_ok=True)
    for text in checkpoints:
        size = parse_checkpoint(text[: text.rfind("\n\n") + 1]).size
        path, copy = folder / f"{size:012d}.txt", 1
        while path.exists():
            copy += 1
            path = folder / f"{size:012d}-{copy}.txt"
        path.write_text(text, encoding="utf-8")
    if policy is not None:
        (directory / POLICY_FILE).write_text(policy.to_text(), encoding="utf-8")
    return directory


@dataclass(frozen=True, slots=True)
class Bundle:
    entries: tuple[bytes, ...]
    checkpoints: tuple[tuple[str, str], ...]  # (file name, signed note text)
    policy: Policy | None
    problems: tuple[Finding, ...] = field(default=())  # unreadable or misplaced entries


def read_bundle(directory: Path) -> Bundle:
    """Read a whole bundle into memory; bad entry lines become findings, not exceptions."""
    problems: list[Finding] = []
    entries = tuple(_entries_until_problem(_require_bundle(directory), problems))
    return Bundle(entries, _read_checkpoints(directory), _read_policy(directory), tuple(problems))


def _require_bundle(directory: Path) -> Path:
    path = directory / ENTRIES_FILE
    if not path.is_file():
        raise InvalidInput(f"{directory}: no {ENTRIES_FILE}: not an audit bundle")
    return path


def _read_checkpoints(directory: Path) -> tuple[tuple[str, str], ...]:
    folder = directory / CHECKPOINTS_DIR
    files = sorted(folder.glob("*.txt"), key=lambda path: path.stem) if folder.is_dir() else []
    return tuple((path.name, path.read_text(encoding="utf-8")) for path in files)


def _read_policy(directory: Path) -> Policy | None:
    path = directory / POLICY_FILE
    return parse_policy(path.read_text(encoding="utf-8")) if path.is_file() else None


def _entries_until_problem(path: Path, problems: list[Finding]) -> Iterator[bytes]:
    """The entries in order, stopping at the first line that cannot be placed (a finding)."""
    for item in _read_entries(path):
        if isinstance(item, Finding):
            problems.append(item)
            return  # later indices can no longer be placed; the audit stops at the gap
        yield item


def _read_entries(path: Path) -> Iterator[bytes | Finding]:
    loads, decode = json.loads, base64.b64decode
    with path.open("rb") as lines:
        for number, line in enumerate(lines, 1):
            where = f"{ENTRIES_FILE} line {number}"
            try:
                row = loads(line)
                index, data = row["index"], decode(row["data"], validate=True)
            except KeyError as exc:
                yield Finding(where, f"unreadable entry: no field {exc}")
                return
            except (ValueError, TypeError, binascii.Error) as exc:
                yield Finding(where, f"unreadable entry: {exc}")
                return
            if index != number - 1:
                yield Finding(where, f"index {index} where {number - 1} was expected (missing?)")
                return
            yield data


def audit_bundle(directory: Path, policy: Policy | None = None) -> AuditReport:
    """Audit the bundle in `directory` against `policy` (default: the bundle's own).

    Entries are streamed, so a bundle larger than memory can be audited.
    """
    entries_path = _require_bundle(directory)
    policy = policy or _read_policy(directory)
    if policy is None:
        raise InvalidInput(f"{directory}: no {POLICY_FILE} in the bundle; pass a policy")
    problems: list[Finding] = []
    entries = _entries_until_problem(entries_path, problems)
    report = audit_entries(entries, _read_checkpoints(directory), policy)
    findings = (*problems, *report.findings)
    return AuditReport(report.entries, report.checkpoints, findings, report.largest_verified_size)


def audit_entries(
    entries: Iterable[bytes], checkpoints: Sequence[tuple[str, str]], policy: Policy
) -> AuditReport:
    """Audit entry bytes against signed checkpoints (file name, note text) under `policy`."""
    findings: list[Finding] = []
    verified = _verify_checkpoints(checkpoints, policy, findings)
    _find_forks(verified, findings)
    _check_timestamps(verified, findings)
    sizes = sorted({checked.signed.checkpoint.size for _, checked in verified})
    roots, count = _roots_at(entries, sizes)
    largest = 0
    for name, checked in verified:
        checkpoint = checked.signed.checkpoint
        finding = _check_root(name, checkpoint, roots, count, largest)
        if finding is None:
            largest = max(largest, checkpoint.size)
        else:
            findings.append(finding)
    return AuditReport(count, len(checkpoints), tuple(findings), largest)


def _verify_checkpoints(
    checkpoints: Iterable[tuple[str, str]], policy: Policy, findings: list[Finding]
) -> list[tuple[str, VerifiedCheckpoint]]:
    verified = []
    for name, text in checkpoints:
        try:
            verified.append((name, verify_checkpoint(text, policy)))
        except CounterpartError as exc:  # each bad checkpoint is one finding, never a crash
            findings.append(Finding(f"checkpoint {name}", exc.message))
    verified.sort(key=lambda item: (item[1].signed.checkpoint.size, Path(item[0]).stem))
    return verified


def _roots_at(entries: Iterable[bytes], sizes: list[int]) -> tuple[dict[int, bytes], int]:
    """The root at each of the ascending `sizes` reached, and the number of entries."""
    roots: dict[int, bytes] = {}
    frontier = Frontier()
    pending = iter(sizes)
    target = next(pending, None)
    if target == 0:
        roots[0] = frontier.root()
        target = next(pending, None)
    append = frontier.append
    for data in entries:
        append(hash_leaf(data))
        if frontier.size == target:
            roots[target] = frontier.root()
            target = next(pending, None)
    return roots, frontier.size


def _check_root(
    name: str,
    checkpoint: Checkpoint,
    roots: dict[int, bytes],
    entries: int,
    last_good: int,
) -> Finding | None:
    """None if the recomputed root matches, else where the entries diverge from it.

    Checkpoints are checked by ascending size, so the changed entry lies between the largest
    size whose root matched (`last_good`) and this checkpoint's size.
    """
    if checkpoint.size > entries:
        message = f"size {checkpoint.size} but the bundle has {entries} entries (truncated log)"
        return Finding(f"checkpoint {name}", message)
    if roots[checkpoint.size] == checkpoint.root_hash:
        return None
    where = f"entries {last_good}..{checkpoint.size - 1}"
    if last_good >= checkpoint.size:  # another checkpoint of this size matched: a fork
        where = f"checkpoint {name}"
    return Finding(
        where,
        f"the leaf hashes do not give checkpoint {name}'s root at size {checkpoint.size} "
        f"(computed {roots[checkpoint.size].hex()[:16]}..., signed "
        f"{checkpoint.root_hash.hex()[:16]}...): an entry was changed",
    )


def _find_forks(verified: list[tuple[str, VerifiedCheckpoint]], findings: list[Finding]) -> None:
    seen: dict[tuple[str, int], tuple[str, bytes]] = {}
    for name, checked in verified:
        checkpoint = checked.signed.checkpoint
        key = (checkpoint.origin, checkpoint.size)
        if key in seen and seen[key][1] != checkpoint.root_hash:
            findings.append(
                Finding(
                    f"checkpoints {seen[key][0]} and {name}",
                    f"fork: two signed checkpoints of size {checkpoint.size} with different roots",
                )
            )
        seen.setdefault(key, (name, checkpoint.root_hash))


def _check_timestamps(
    verified: list[tuple[str, VerifiedCheckpoint]], findings: list[Finding]
) -> None:
    latest: dict[str, tuple[int, int, str]] = {}  # witness -> (size, timestamp, file)
    for name, checked in verified:
        size = checked.signed.checkpoint.size
        for witness, cosignature in checked.cosignatures.items():
            before = latest.get(witness)
            if before and before[0] < size and cosignature.timestamp < before[1]:
                findings.append(
                    Finding(
                        f"checkpoint {name}",
                        f"{witness} cosigned size {size} at {cosignature.timestamp}, before it "
                        f"cosigned the smaller size {before[0]} at {before[1]} ({before[2]})",
                    )
                )
            latest[witness] = (size, cosignature.timestamp, name)
