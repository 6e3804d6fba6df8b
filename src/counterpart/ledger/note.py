"""C2SP signed notes: parsing, signing, vkeys and Ed25519 signature verification.

A note is UTF-8 text ending in a newline, a blank line, then signature lines
`— <key name> base64(key ID || signature)` (c2sp.org/signed-note). A key ID is
`SHA-256(name || 0x0A || type || public key)[:4]`. Two signature types are used here:
0x01 (Ed25519 over the note text) and 0x04 (c2sp.org/tlog-cosignature `cosignature/v1`:
an 8-byte big-endian timestamp then Ed25519 over `cosignature/v1\\ntime T\\n` + note text).
Keys are written as vkeys `name+hex(key ID)+base64(type || public key)` and private keys
as `PRIVATE+KEY+name+hex(key ID)+base64(type || seed)`, as golang.org/x/mod/sumdb/note does.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    PublicFormat,
)

from counterpart.domain.errors import InvalidInput, TamperDetected
from counterpart.domain.messages import N_, Message, message

SIG_ED25519 = 0x01
SIG_COSIGNATURE_V1 = 0x04
MAX_SIGNATURES = 100  # golang.org/x/mod/sumdb/note's limit; c2sp requires at least 16
_DASH = "\u2014 "
_TIMESTAMP_SIZE = 8
_ED25519_SIZE = 64


def is_valid_key_name(name: str) -> bool:
    """Key names are non-empty, with no Unicode space and no '+'."""
    return bool(name) and "+" not in name and not any(ch.isspace() for ch in name)


def compute_key_id(name: str, sig_type: int, public_key: bytes) -> int:
    """The 32-bit key ID: the first 4 bytes of SHA-256(name || 0x0A || type || key)."""
    digest = hashlib.sha256(name.encode() + b"\n" + bytes([sig_type]) + public_key).digest()
    return int.from_bytes(digest[:4], "big")


def cosigned_message(timestamp: int, text: str) -> bytes:
    """The message a cosignature/v1 signs: header, time line, then the whole note text."""
    return f"cosignature/v1\ntime {timestamp}\n{text}".encode()


def _b64decode(value: str, what: str | Message) -> bytes:
    try:
        return base64.b64decode(value.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError) as exc:
        said = N_("%(what)s is not valid base64: %(value)s")
        raise InvalidInput(message(said, what=what, value=repr(value[:40]))) from exc


@dataclass(frozen=True, slots=True)
class NoteSignature:
    """One signature line: the key name, the key ID and the signature bytes after the ID."""

    name: str
    key_id: int
    signature: bytes

    def to_line(self) -> str:
        blob = self.key_id.to_bytes(4, "big") + self.signature
        return f"{_DASH}{self.name} {base64.b64encode(blob).decode()}\n"

    @property
    def timestamp(self) -> int | None:
        """The cosignature/v1 timestamp, if the signature has that shape."""
        if len(self.signature) != _TIMESTAMP_SIZE + _ED25519_SIZE:
            return None
        return int.from_bytes(self.signature[:_TIMESTAMP_SIZE], "big")


@dataclass(frozen=True, slots=True)
class Note:
    """A signed note: its text (ending in a newline) and its signature lines, in order."""

    text: str
    signatures: tuple[NoteSignature, ...]

    def to_text(self) -> str:
        return self.text + "\n" + "".join(sig.to_line() for sig in self.signatures)

    def with_signature(self, signature: NoteSignature) -> Note:
        """This note plus one signature, replacing an earlier one from the same key."""
        kept = tuple(
            s for s in self.signatures if (s.name, s.key_id) != (signature.name, signature.key_id)
        )
        return Note(self.text, (*kept, signature))


def _check_characters(data: str) -> None:
    for position, char in enumerate(data):
        if char < " " and char != "\n":
            said = N_("signed note has control character %(char)s at %(position)s")
            raise InvalidInput(message(said, char=f"{ord(char):#04x}", position=position))


def parse_note(data: str | bytes) -> Note:
    """Parse a signed note strictly; InvalidInput says what is malformed and where."""
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            said = message(N_("signed note is not UTF-8 (byte %(byte)s)"), byte=exc.start)
            raise InvalidInput(said) from exc
    _check_characters(data)
    split = data.rfind("\n\n")
    if split < 0 or not data.endswith("\n"):
        raise InvalidInput(message(N_("signed note has no blank line before its signatures")))
    text, lines = data[: split + 1], data[split + 2 :].splitlines()
    if not lines:
        raise InvalidInput(message(N_("signed note has no signature lines")))
    if len(lines) > MAX_SIGNATURES:
        too_many = N_("signed note has %(count)s signatures, over %(limit)s")
        raise InvalidInput(message(too_many, count=len(lines), limit=MAX_SIGNATURES))
    return Note(text, tuple(_parse_signature_line(line, n) for n, line in enumerate(lines, 1)))


def _parse_signature_line(line: str, number: int) -> NoteSignature:
    where = message(N_("signature line %(number)s"), number=number)
    if not line.startswith(_DASH):
        said = N_("%(where)s does not start with an em dash and a space")
        raise InvalidInput(message(said, where=where))
    name, space, encoded = line[len(_DASH) :].partition(" ")
    if not space or not is_valid_key_name(name) or " " in encoded:
        raise InvalidInput(message(N_("%(where)s is not '— <key name> <base64>'"), where=where))
    blob = _b64decode(encoded, where)
    if len(blob) < 5:
        said = N_("%(where)s has a signature of %(length)s bytes, under 5")
        raise InvalidInput(message(said, where=where, length=len(blob)))
    return NoteSignature(name, int.from_bytes(blob[:4], "big"), blob[4:])


@dataclass(frozen=True, slots=True)
class VerifierKey:
    """A public key with its name and signature type (0x01 Ed25519 or 0x04 cosignature/v1)."""

    name: str
    sig_type: int
    public_key: bytes

    def __post_init__(self) -> None:
        if not is_valid_key_name(self.name):
            raise InvalidInput(f"key name {self.name!r} is empty or has a space or '+'")
        if self.sig_type not in (SIG_ED25519, SIG_COSIGNATURE_V1):
            raise InvalidInput(f"key {self.name}: unsupported signature type {self.sig_type:#04x}")
        if len(self.public_key) != 32:
            raise InvalidInput(f"key {self.name}: Ed25519 key of {len(self.public_key)} bytes")

    @property
    def key_id(self) -> int:
        return compute_key_id(self.name, self.sig_type, self.public_key)

    def to_vkey(self) -> str:
        encoded = base64.b64encode(bytes([self.sig_type]) + self.public_key).decode()
        return f"{self.name}+{self.key_id:08x}+{encoded}"

    def as_type(self, sig_type: int) -> VerifierKey:
        """The same public key used for another signature type (so with another key ID)."""
        return VerifierKey(self.name, sig_type, self.public_key)

    def matches(self, signature: NoteSignature) -> bool:
        return signature.name == self.name and signature.key_id == self.key_id

    def verify(self, text: str, signature: NoteSignature) -> bool:
        """Whether `signature` (from this key) is valid over the note `text`."""
        if not self.matches(signature):
            return False
        key = Ed25519PublicKey.from_public_bytes(self.public_key)
        sig = signature.signature
        if self.sig_type == SIG_COSIGNATURE_V1:
            timestamp = signature.timestamp
            if timestamp is None or timestamp >= 1 << 63:
                return False
            message, sig = cosigned_message(timestamp, text), sig[_TIMESTAMP_SIZE:]
        else:
            message = text.encode()
        try:
            key.verify(sig, message)
        except InvalidSignature:
            return False
        return True


def parse_vkey(vkey: str) -> VerifierKey:
    """Parse `name+hex8+base64(type || key)`, checking the key ID against the key."""
    name, _, rest = vkey.strip().partition("+")
    key_id_hex, _, encoded = rest.partition("+")
    if len(key_id_hex) != 8 or not encoded:
        raise InvalidInput(f"vkey {vkey[:60]!r} is not name+keyid+base64")
    try:
        key_id = int(key_id_hex, 16)
    except ValueError as exc:
        raise InvalidInput(f"vkey key ID {key_id_hex!r} is not hexadecimal") from exc
    blob = _b64decode(encoded, f"vkey {name}")
    if not blob:
        raise InvalidInput(f"vkey {name} has no key material")
    key = VerifierKey(name, blob[0], blob[1:])
    if key.key_id != key_id:
        raise InvalidInput(f"vkey {name}: key ID {key_id_hex} does not match the key")
    return key


class NoteSigner:
    """An Ed25519 note signer (type 0x01) for one key name; also the key of a cosigner."""

    __slots__ = ("_private", "name", "public_key")

    def __init__(self, name: str, private_key: Ed25519PrivateKey) -> None:
        if not is_valid_key_name(name):
            raise InvalidInput(f"key name {name!r} is empty or has a space or '+'")
        self.name = name
        self._private = private_key
        self.public_key = private_key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)

    @classmethod
    def generate(cls, name: str) -> NoteSigner:
        return cls(name, Ed25519PrivateKey.generate())

    @classmethod
    def from_seed(cls, name: str, seed: bytes) -> NoteSigner:
        if len(seed) != 32:
            raise InvalidInput(f"an Ed25519 seed is 32 bytes, got {len(seed)}")
        return cls(name, Ed25519PrivateKey.from_private_bytes(seed))

    def verifier_key(self, sig_type: int = SIG_ED25519) -> VerifierKey:
        return VerifierKey(self.name, sig_type, self.public_key)

    def to_skey(self) -> str:
        """The private key as `PRIVATE+KEY+name+hex8+base64(0x01 || seed)`: keep it secret."""
        seed = self._private.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
        encoded = base64.b64encode(bytes([SIG_ED25519]) + seed).decode()
        return f"PRIVATE+KEY+{self.name}+{self.verifier_key().key_id:08x}+{encoded}"

    def sign_raw(self, message: bytes) -> bytes:
        return self._private.sign(message)

    def sign(self, text: str) -> NoteSignature:
        """An Ed25519 (type 0x01) signature over the note text."""
        return NoteSignature(self.name, self.verifier_key().key_id, self.sign_raw(text.encode()))


def parse_skey(skey: str) -> NoteSigner:
    """Parse a `PRIVATE+KEY+name+hex8+base64(0x01 || seed)` private key."""
    parts = skey.strip().split("+", 4)
    if len(parts) != 5 or parts[:2] != ["PRIVATE", "KEY"] or len(parts[3]) != 8:
        raise InvalidInput("private key is not PRIVATE+KEY+name+keyid+base64")
    blob = _b64decode(parts[4], "private key")
    if len(blob) != 33 or blob[0] != SIG_ED25519:
        raise InvalidInput("private key is not an Ed25519 (type 0x01) seed of 32 bytes")
    signer = NoteSigner.from_seed(parts[2], blob[1:])
    if f"{signer.verifier_key().key_id:08x}" != parts[3].lower():
        raise InvalidInput(f"private key {parts[2]}: key ID {parts[3]} does not match the key")
    return signer


def verify_note(note: Note, keys: list[VerifierKey]) -> list[tuple[VerifierKey, NoteSignature]]:
    """The signatures of `note` made by `keys`, each verified; signatures by others are ignored.

    A signature whose name and key ID match a known key but which fails to verify rejects the
    whole note (TamperDetected), as c2sp.org/signed-note recommends.
    """
    verified = []
    for signature in note.signatures:
        for key in keys:
            if key.matches(signature):
                if not key.verify(note.text, signature):
                    said = N_("invalid signature by %(key)s")
                    raise TamperDetected(message(said, key=f"{key.name}+{key.key_id:08x}"))
                verified.append((key, signature))
    return verified
