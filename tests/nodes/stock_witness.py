"""A small C2SP tlog-witness server (c2sp.org/tlog-witness), standing in for a stock witness.

No stock witness (litewitness, omniwitness, a sigsum witness) can be installed here: they are
Go programs and this machine reaches no Go module proxy. This server implements the
`add-checkpoint` contract from the spec text alone, independently of the node's own witness
(`workflows/witness.py`): it parses signed notes, checks Ed25519 note signatures, verifies
RFC 9162 consistency proofs and makes `cosignature/v1` lines itself with `cryptography` and
`hashlib`, and keeps its own state (the size and root it last cosigned per origin). Like a
stock witness it neither signs nor checks signatures on requests.

Knobs for the tests: `cosigner` (sign with another key than the one announced), `state`
(what it already cosigned, e.g. a larger size), `requests` (what it was sent).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import struct
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from tests.nodes.harness import free_port

ED25519, COSIGNATURE_V1 = 0x01, 0x04
EMPTY_ROOT = hashlib.sha256(b"").digest()


def key_id(name: str, sig_type: int, public_key: bytes) -> bytes:
    """signed-note key ID: SHA-256(name || 0x0A || type || key)[:4]."""
    return hashlib.sha256(name.encode() + b"\n" + bytes([sig_type]) + public_key).digest()[:4]


def public_bytes(private: Ed25519PrivateKey) -> bytes:
    return private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)


def vkey_of(name: str, sig_type: int, public_key: bytes) -> str:
    """A note verifier key: name+<hex key ID>+base64(type || key)."""
    encoded = base64.b64encode(bytes([sig_type]) + public_key).decode()
    return f"{name}+{key_id(name, sig_type, public_key).hex()}+{encoded}"


def read_vkey(vkey: str) -> tuple[str, bytes]:
    """(name, Ed25519 public key) of a type 0x01 vkey, as a log operator hands it over."""
    name, _, encoded = vkey.split("+", 2)
    raw = base64.b64decode(encoded)
    assert raw[0] == ED25519 and len(raw) == 33
    return name, raw[1:]


def verify_consistency(
    old: int, new: int, proof: list[bytes], old_root: bytes, root: bytes
) -> bool:
    """RFC 9162 section 2.1.4.2, step by step."""
    if old == new:
        return not proof and old_root == root
    if old == 0:
        return not proof
    if not proof:
        return False
    path = [old_root, *proof] if old & (old - 1) == 0 else list(proof)
    fn, sn = old - 1, new - 1
    while fn & 1:
        fn, sn = fn >> 1, sn >> 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr = hashlib.sha256(b"\x01" + c + fr).digest()
            sr = hashlib.sha256(b"\x01" + c + sr).digest()
            while not fn & 1 and fn != 0:
                fn, sn = fn >> 1, sn >> 1
        else:
            sr = hashlib.sha256(b"\x01" + sr + c).digest()
        fn, sn = fn >> 1, sn >> 1
    return fr == old_root and sr == root and sn == 0


class Refused(Exception):
    def __init__(self, status: int, text: str, media: str = "text/plain; charset=utf-8") -> None:
        super().__init__(text)
        self.status, self.text, self.media = status, text, media


@dataclass
class StockWitness:
    """The witness's key, the logs it knows, its state, and its HTTP server while it runs."""

    name: str = "witness.example/incb"
    prefix: str = "/incb"  # the submission prefix under which add-checkpoint is served
    port: int = field(default_factory=free_port)
    private: Ed25519PrivateKey = field(default_factory=Ed25519PrivateKey.generate)
    cosigner: Ed25519PrivateKey | None = None  # signs instead of `private` when set
    logs: dict[str, bytes] = field(default_factory=dict)  # origin -> Ed25519 public key
    state: dict[str, tuple[int, bytes]] = field(default_factory=dict)  # origin -> (size, root)
    requests: list[tuple[int, int]] = field(default_factory=list)  # (old, proof lines)
    clock: Callable[[], float] = field(default=time.time)
    _server: ThreadingHTTPServer | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}{self.prefix}"

    @property
    def vkey(self) -> str:
        """The cosignature/v1 vkey its operator publishes."""
        return vkey_of(self.name, COSIGNATURE_V1, public_bytes(self.private))

    def add_log(self, vkey: str) -> None:
        """What the witness operator does to accept a log: its origin and key."""
        origin, public_key = read_vkey(vkey)
        self.logs[origin] = public_key

    def start(self) -> None:
        witness = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", "0"))
                body = self.rfile.read(length)
                if self.path != witness.prefix + "/add-checkpoint":
                    self._answer(404, "not found\n", "text/plain")
                    return
                try:
                    answer = witness.add_checkpoint(body)
                except Refused as exc:
                    self._answer(exc.status, exc.text, exc.media)
                    return
                self._answer(200, answer, "text/plain; charset=utf-8")

            def _answer(self, status: int, text: str, media: str) -> None:
                data = text.encode()
                self.send_response(status)
                self.send_header("Content-Type", media)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, format: str, *args: object) -> None:
                """Quiet: the tests read `requests`."""

        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def add_checkpoint(self, body: bytes) -> str:
        """The add-checkpoint contract; a Refused carries the status the spec gives."""
        old, proof, note = self._parse_request(body)
        text, signatures = self._parse_note(note)
        origin, size_line, root_line = text.split("\n")[:3]
        if origin not in self.logs:
            raise Refused(404, f"unknown log {origin}\n")
        self._check_log_signature(origin, text, signatures)
        if not size_line.isdigit() or (size_line != "0" and size_line.startswith("0")):
            raise Refused(400, "bad checkpoint size\n")
        size, root = int(size_line), base64.b64decode(root_line)
        if old > size:
            raise Refused(400, "old size above checkpoint size\n")
        with self._lock:
            self.requests.append((old, len(proof)))
            known_size, known_root = self.state.get(origin, (0, EMPTY_ROOT))
            if old != known_size:
                raise Refused(409, f"{known_size}\n", "text/x.tlog.size")
            if not verify_consistency(old, size, proof, known_root, root):
                raise Refused(422, "consistency proof does not verify\n")
            self.state[origin] = (size, root)
        return self._cosign(text)

    def _parse_request(self, body: bytes) -> tuple[int, list[bytes], str]:
        try:
            head, note = body.decode().split("\n\n", 1)
            lines = head.split("\n")
            if not lines[0].startswith("old ") or not lines[0][4:].isdigit():
                raise Refused(400, "first line must be old N\n")
            proof = [base64.b64decode(line, validate=True) for line in lines[1:]]
        except (UnicodeDecodeError, ValueError, binascii.Error) as exc:
            raise Refused(400, f"malformed request: {exc}\n") from exc
        if any(len(h) != 32 for h in proof):
            raise Refused(400, "a proof hash is not 32 bytes\n")
        return int(lines[0][4:]), proof, note

    def _parse_note(self, note: str) -> tuple[str, list[tuple[str, bytes]]]:
        text, sep, rest = note.partition("\n\n")
        if not sep or not rest.endswith("\n"):
            raise Refused(400, "not a signed note\n")
        signatures = []
        for line in rest[:-1].split("\n"):
            if not line.startswith("\u2014 "):
                raise Refused(400, "bad signature line\n")
            name, _, encoded = line[2:].rpartition(" ")
            signatures.append((name, base64.b64decode(encoded)))
        return text + "\n", signatures

    def _check_log_signature(self, origin: str, text: str, sigs: list[tuple[str, bytes]]) -> None:
        public_key = self.logs[origin]
        wanted = key_id(origin, ED25519, public_key)
        for name, raw in sigs:
            if name == origin and raw[:4] == wanted:
                try:
                    Ed25519PublicKey.from_public_bytes(public_key).verify(raw[4:], text.encode())
                except InvalidSignature:
                    break
                return
        raise Refused(403, "no valid signature by the log's key\n")

    def _cosign(self, text: str) -> str:
        """A cosignature/v1 line: key ID, 8-byte timestamp, Ed25519 over the cosigned message."""
        signer = self.cosigner or self.private
        now = int(self.clock())
        message = f"cosignature/v1\ntime {now}\n".encode() + text.encode()
        signature = struct.pack(">Q", now) + signer.sign(message)
        kid = key_id(self.name, COSIGNATURE_V1, public_bytes(signer))
        return f"\u2014 {self.name} {base64.b64encode(kid + signature).decode()}\n"
