"""C2SP tlog-checkpoint bodies (origin, size, base64 root, extension lines) and their signing."""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass

from counterpart.domain.errors import InvalidInput, TamperDetected
from counterpart.domain.messages import N_, Message, message
from counterpart.ledger.note import Note, NoteSigner, VerifierKey, parse_note, verify_note
from counterpart.ledger.tree import HASH_SIZE

_DECIMAL = re.compile(r"0|[1-9][0-9]*")


@dataclass(frozen=True, slots=True)
class Checkpoint:
    """The note text of a checkpoint: the log's origin, its size and root hash at that size."""

    origin: str
    size: int
    root_hash: bytes
    extensions: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not self.origin or "\n" in self.origin:
            raise InvalidInput("checkpoint origin must be one non-empty line")
        if self.size < 0:
            raise InvalidInput(f"checkpoint size {self.size} is negative")
        if len(self.root_hash) != HASH_SIZE:
            raise InvalidInput(f"checkpoint root hash is {len(self.root_hash)} bytes, not 32")
        if any(not line or "\n" in line for line in self.extensions):
            raise InvalidInput("checkpoint extension lines must be non-empty single lines")

    def to_text(self) -> str:
        lines = [self.origin, str(self.size), base64.b64encode(self.root_hash).decode()]
        return "\n".join([*lines, *self.extensions]) + "\n"

    def describe(self) -> str:
        return self.described().english()

    def described(self) -> Message:
        """`describe()` as a message, for a reader's language."""
        return message(N_("checkpoint %(origin)s@%(size)s"), origin=self.origin, size=self.size)


def parse_checkpoint(text: str) -> Checkpoint:
    """Parse a checkpoint's note text strictly; InvalidInput says which line is wrong."""
    if not text.endswith("\n"):
        raise InvalidInput(message(N_("checkpoint text does not end with a newline")))
    lines = text[:-1].split("\n")
    if len(lines) < 3:
        said = N_("checkpoint has %(count)s lines, needs origin, size and root")
        raise InvalidInput(message(said, count=len(lines)))
    origin, size, root, *extensions = lines
    if not _DECIMAL.fullmatch(size):
        said = N_("checkpoint line 2: size %(size)s is not a plain decimal")
        raise InvalidInput(message(said, size=repr(size[:30])))
    try:
        root_hash = base64.b64decode(root.encode("ascii"), validate=True)
    except (ValueError, UnicodeEncodeError) as exc:
        said = N_("checkpoint line 3: root %(root)s is not base64")
        raise InvalidInput(message(said, root=repr(root[:60]))) from exc
    return Checkpoint(origin, int(size), root_hash, tuple(extensions))


@dataclass(frozen=True, slots=True)
class SignedCheckpoint:
    """A checkpoint whose log signature has been verified, with the whole signed note."""

    checkpoint: Checkpoint
    note: Note
    log_key: VerifierKey


def sign_checkpoint(checkpoint: Checkpoint, signer: NoteSigner) -> Note:
    """The signed note of `checkpoint`, signed by the log's key (whose name is the origin)."""
    if signer.name != checkpoint.origin:
        raise InvalidInput(f"log key {signer.name!r} does not match origin {checkpoint.origin!r}")
    text = checkpoint.to_text()
    return Note(text, (signer.sign(text),))


def open_checkpoint(note: Note | str, log_keys: list[VerifierKey]) -> SignedCheckpoint:
    """Verify a checkpoint's log signature and parse its body; TamperDetected if it fails."""
    note = parse_note(note) if isinstance(note, str) else note
    checkpoint = parse_checkpoint(note.text)
    keys = [key for key in log_keys if key.name == checkpoint.origin]
    described = checkpoint.described()
    if not keys:
        said = N_("%(checkpoint)s: no trusted log has this origin")
        raise TamperDetected(message(said, checkpoint=described))
    verified = verify_note(note, keys)
    if not verified:
        said = N_("%(checkpoint)s: not signed by the log's key")
        raise TamperDetected(message(said, checkpoint=described))
    return SignedCheckpoint(checkpoint, note, verified[0][0])
