"""The node's Ed25519 key: kept in a 0600 file in the home or given by the environment.

The key is stored as a golang.org/x/mod/sumdb/note private key
(`PRIVATE+KEY+name+keyid+base64(0x01 || seed)`), so its name (the log origin) travels with it.
"""

from __future__ import annotations

import base64
import os
import secrets
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from counterpart.domain.errors import InvalidInput, NotFound
from counterpart.ledger.note import NoteSigner, parse_skey
from counterpart.settings import Settings

KEY_FILE = "node.key"


def key_path(settings: Settings) -> Path:
    """Where the node's private key file lives."""
    return settings.home / KEY_FILE


def create_key_file(settings: Settings, name: str) -> NoteSigner:
    """A new key named `name`, written to HOME/node.key with mode 0600; never overwrites."""
    signer = NoteSigner(name, Ed25519PrivateKey.generate())
    path = key_path(settings)
    settings.home.mkdir(parents=True, exist_ok=True)
    try:
        # O_EXCL: an existing key is the node's identity; replacing it would orphan its log.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError as exc:
        raise InvalidInput(
            "a node key already exists; refusing to replace it", where=str(path)
        ) from exc
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(signer.to_skey() + "\n")
    return signer


def load_node_key(settings: Settings) -> NoteSigner:
    """The node's key from COUNTERPART_NODE_KEY, else from HOME/node.key (which must be 0600)."""
    if settings.node_key is not None:
        return _parse(settings.node_key.get_secret_value(), "COUNTERPART_NODE_KEY")
    path = key_path(settings)
    if not path.is_file():
        raise NotFound("no node key; run `counterpart init` first", where=str(path))
    if path.stat().st_mode & 0o077:
        raise InvalidInput(
            "the node key file must be readable by its owner only (chmod 600)", where=str(path)
        )
    return _parse(path.read_text(encoding="ascii"), str(path))


def _parse(text: str, where: str) -> NoteSigner:
    try:
        return parse_skey(text)
    except InvalidInput as exc:
        raise InvalidInput(exc.message, where=where) from exc


def new_nonce() -> str:
    """A random 128-bit nonce, URL-safe base64 without padding."""
    return base64.urlsafe_b64encode(secrets.token_bytes(16)).rstrip(b"=").decode()
