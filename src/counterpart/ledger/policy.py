"""Trust policies in C2SP tlog-policy form, and checking a checkpoint against one.

A policy lists the trusted logs (`log <vkey> [url]`), witnesses (`witness <name> <vkey>
[url]`), groups (`group <name> all|any|<k> <member>...`) and one `quorum <name>|none` line.
Between two parties the usual policy is: the author's log, the counterpart as a required
witness, and optionally a neutral witness (a secretariat) - see `bilateral_policy`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from counterpart.domain.errors import InvalidInput, TamperDetected
from counterpart.ledger.checkpoint import SignedCheckpoint, open_checkpoint
from counterpart.ledger.cosignature import Cosignature, cosigner_key, find_cosignatures
from counterpart.ledger.note import Note, VerifierKey, parse_note, parse_vkey

NONE = "none"


@dataclass(frozen=True, slots=True)
class Witness:
    name: str
    key: VerifierKey
    url: str | None = None


@dataclass(frozen=True, slots=True)
class Group:
    """Witnessed when at least `threshold` of its members (witnesses or groups) witnessed."""

    name: str
    threshold: int
    members: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Policy:
    logs: tuple[VerifierKey, ...]
    witnesses: tuple[Witness, ...] = ()
    groups: tuple[Group, ...] = ()
    quorum: str = NONE
    log_urls: tuple[str | None, ...] = field(default=())

    def is_met(self, cosigned: set[str]) -> bool:
        """Whether the witnesses named in `cosigned` satisfy the quorum."""
        return self._witnessed(self.quorum, cosigned)

    def _witnessed(self, name: str, cosigned: set[str]) -> bool:
        if name == NONE:
            return True
        for group in self.groups:
            if group.name == name:
                hits = sum(self._witnessed(member, cosigned) for member in group.members)
                return hits >= group.threshold
        return name in cosigned

    def to_text(self) -> str:
        """The policy file, in tlog-policy syntax."""
        urls = self.log_urls or (None,) * len(self.logs)
        lines = [_line("log", key.to_vkey(), url) for key, url in zip(self.logs, urls, strict=True)]
        lines += [_line("witness", w.name, w.key.to_vkey(), w.url) for w in self.witnesses]
        lines += [_line("group", g.name, str(g.threshold), *g.members) for g in self.groups]
        return "\n".join([*lines, f"quorum {self.quorum}"]) + "\n"


def _line(*items: str | None) -> str:
    return " ".join(item for item in items if item)


def bilateral_policy(
    log_key: VerifierKey,
    counterpart_key: VerifierKey,
    witness_key: VerifierKey | None = None,
    *,
    require_witness: bool = False,
) -> Policy:
    """The author's log, the counterpart's cosignature required, a neutral witness optional."""
    witnesses = [Witness("counterpart", cosigner_key(counterpart_key))]
    if witness_key is None:
        return Policy((log_key,), tuple(witnesses), (), "counterpart")
    witnesses.append(Witness("neutral", cosigner_key(witness_key)))
    if not require_witness:
        return Policy((log_key,), tuple(witnesses), (), "counterpart")
    group = Group("both", 2, ("counterpart", "neutral"))
    return Policy((log_key,), tuple(witnesses), (group,), "both")


def parse_policy(text: str) -> Policy:
    """Parse a tlog-policy file; InvalidInput names the line that is wrong."""
    builder = _PolicyBuilder()
    for number, raw in enumerate(text.split("\n"), 1):
        if any(ch < " " and ch != "\t" for ch in raw):
            raise InvalidInput(f"policy line {number}: control character")
        items = raw.split()
        if not items or items[0].startswith("#"):
            continue
        try:
            builder.add(items)
        except InvalidInput as exc:
            raise InvalidInput(f"policy line {number}: {exc.message}") from exc
    return builder.build()


class _PolicyBuilder:
    def __init__(self) -> None:
        self.logs: list[VerifierKey] = []
        self.log_urls: list[str | None] = []
        self.witnesses: list[Witness] = []
        self.groups: list[Group] = []
        self.quorum: str | None = None
        self.names: set[str] = set()

    def add(self, items: list[str]) -> None:
        keyword, args = items[0], items[1:]
        if keyword == "log" and len(args) in (1, 2):
            self._add_log(parse_vkey(args[0]), args[1] if len(args) == 2 else None)
        elif keyword == "witness" and len(args) in (2, 3):
            self._define(args[0])
            key = cosigner_key(parse_vkey(args[1]))
            if any(w.key.public_key == key.public_key for w in self.witnesses):
                raise InvalidInput(f"witness {args[0]} repeats another witness's key")
            self.witnesses.append(Witness(args[0], key, args[2] if len(args) == 3 else None))
        elif keyword == "group" and len(args) >= 3:
            self._add_group(args[0], args[1], args[2:])
        elif keyword == "quorum" and len(args) == 1:
            if self.quorum is not None:
                raise InvalidInput("a second quorum line")
            if args[0] != NONE and args[0] not in self.names:
                raise InvalidInput(f"quorum {args[0]!r} is not defined above")
            self.quorum = args[0]
        else:
            raise InvalidInput(f"cannot read {' '.join(items)[:80]!r}")

    def _add_log(self, key: VerifierKey, url: str | None) -> None:
        if any(log.public_key == key.public_key for log in self.logs):
            raise InvalidInput(f"log {key.name} repeats another log's key")
        self.logs.append(key)
        self.log_urls.append(url)

    def _define(self, name: str) -> None:
        if name == NONE or name in self.names:
            raise InvalidInput(f"name {name!r} is reserved or already defined")
        self.names.add(name)

    def _add_group(self, name: str, threshold: str, members: list[str]) -> None:
        unknown = [m for m in members if m not in self.names]
        if unknown or len(set(members)) != len(members):
            raise InvalidInput(f"group {name}: members undefined or repeated: {members}")
        count = {"all": len(members), "any": 1}.get(threshold)
        if count is None:
            if not threshold.isdigit() or not 1 <= int(threshold) <= len(members):
                raise InvalidInput(
                    f"group {name}: threshold {threshold!r} not in 1..{len(members)}"
                )
            count = int(threshold)
        self._define(name)
        self.groups.append(Group(name, count, tuple(members)))

    def build(self) -> Policy:
        if self.quorum is None:
            raise InvalidInput("policy has no quorum line")
        return Policy(
            tuple(self.logs),
            tuple(self.witnesses),
            tuple(self.groups),
            self.quorum,
            tuple(self.log_urls) if any(self.log_urls) else (),
        )


@dataclass(frozen=True, slots=True)
class VerifiedCheckpoint:
    """A checkpoint signed by a trusted log and cosigned to the policy's quorum."""

    signed: SignedCheckpoint
    cosignatures: dict[str, Cosignature]  # by policy witness name


def verify_checkpoint(note: Note | str, policy: Policy) -> VerifiedCheckpoint:
    """Check the log signature and the quorum of cosignatures; TamperDetected says what fails."""
    note = parse_note(note) if isinstance(note, str) else note
    signed = open_checkpoint(note, list(policy.logs))
    cosignatures: dict[str, Cosignature] = {}
    for witness in policy.witnesses:
        for cosignature in find_cosignatures(note, [witness.key]):
            cosignatures[witness.name] = cosignature
    if not policy.is_met(set(cosignatures)):
        have = ", ".join(sorted(cosignatures)) or "nobody"
        raise TamperDetected(
            f"{signed.checkpoint.describe()}: quorum {policy.quorum!r} not met "
            f"(valid cosignatures from {have})"
        )
    return VerifiedCheckpoint(signed, cosignatures)
