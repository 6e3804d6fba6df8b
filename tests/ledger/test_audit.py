"""Offline audit: a sound bundle passes; each kind of tampering is found and located."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest

from counterpart.domain.errors import InvalidInput
from counterpart.ledger.audit import (
    CHECKPOINTS_DIR,
    ENTRIES_FILE,
    audit_bundle,
    read_bundle,
    write_bundle,
)
from counterpart.ledger.checkpoint import Checkpoint, sign_checkpoint
from counterpart.ledger.cosignature import cosign_checkpoint
from counterpart.ledger.note import Note, NoteSigner, parse_note
from counterpart.ledger.policy import bilateral_policy
from counterpart.ledger.tree import MemoryHashStore, hash_leaf, root_hash

LOG = NoteSigner.from_seed("example.org/log", b"L" * 32)
PEER = NoteSigner.from_seed("example.com/peer", b"P" * 32)
STRANGER = NoteSigner.from_seed("example.com/peer", b"S" * 32)
POLICY = bilateral_policy(LOG.verifier_key(), PEER.verifier_key())
ENTRIES = [json.dumps({"n": i, "text": "record"}).encode() for i in range(50)]
SIZES = (0, 10, 25, 50)
T0 = 1_780_000_000


def _note(store: MemoryHashStore, size: int, timestamp: int) -> Note:
    note = sign_checkpoint(Checkpoint("example.org/log", size, root_hash(store, size)), LOG)
    return note.with_signature(cosign_checkpoint(note, PEER, timestamp))


def _bundle(directory: Path, entries: list[bytes] = ENTRIES) -> Path:
    store = MemoryHashStore(hash_leaf(entry) for entry in entries)
    notes = [_note(store, size, T0 + size).to_text() for size in SIZES]
    return write_bundle(directory, entries, notes, POLICY)


def _messages(directory: Path) -> list[str]:
    return [str(finding) for finding in audit_bundle(directory).findings]


def test_a_sound_bundle_passes(tmp_path: Path) -> None:
    report = audit_bundle(_bundle(tmp_path), POLICY)
    assert report.sound
    assert (report.entries, report.checkpoints, report.largest_verified_size) == (50, 4, 50)
    assert read_bundle(tmp_path).entries == tuple(ENTRIES)


def test_an_edited_entry_is_located_between_checkpoints(tmp_path: Path) -> None:
    _bundle(tmp_path)
    lines = (tmp_path / ENTRIES_FILE).read_text().splitlines()
    edited = ENTRIES[17].replace(b"record", b"recorD")
    lines[17] = json.dumps({"index": 17, "data": base64.b64encode(edited).decode()})
    (tmp_path / ENTRIES_FILE).write_text("\n".join(lines) + "\n")
    messages = _messages(tmp_path)
    assert len(messages) == 2
    assert messages[0].startswith("entries 10..24: the leaf hashes do not give checkpoint")
    assert "000000000025.txt's root at size 25" in messages[0]
    assert messages[1].startswith("entries 10..49:")


def test_a_truncated_log_is_found(tmp_path: Path) -> None:
    _bundle(tmp_path)
    lines = (tmp_path / ENTRIES_FILE).read_text().splitlines()
    (tmp_path / ENTRIES_FILE).write_text("\n".join(lines[:45]) + "\n")
    assert _messages(tmp_path) == [
        "checkpoint 000000000050.txt: size 50 but the bundle has 45 entries (truncated log)"
    ]


def test_a_removed_entry_is_found(tmp_path: Path) -> None:
    _bundle(tmp_path)
    lines = (tmp_path / ENTRIES_FILE).read_text().splitlines()
    (tmp_path / ENTRIES_FILE).write_text("\n".join(lines[:30] + lines[31:]) + "\n")
    messages = _messages(tmp_path)
    assert messages[0] == f"{ENTRIES_FILE} line 31: index 31 where 30 was expected (missing?)"
    assert "truncated log" in messages[1]


def test_an_unreadable_entry_is_found(tmp_path: Path) -> None:
    _bundle(tmp_path)
    lines = (tmp_path / ENTRIES_FILE).read_text().splitlines()
    lines[3] = '{"index": 3, "data": "not base64!"}'
    (tmp_path / ENTRIES_FILE).write_text("\n".join(lines) + "\n")
    assert _messages(tmp_path)[0] == (
        f"{ENTRIES_FILE} line 4: unreadable entry: Only base64 data is allowed"
    )


def test_a_forked_checkpoint_is_evidence(tmp_path: Path) -> None:
    _bundle(tmp_path)
    other = MemoryHashStore(hash_leaf(entry) for entry in [*ENTRIES[:20], b"other", *ENTRIES[21:]])
    write_bundle(tmp_path / "extra", [], [_note(other, 25, T0 + 26).to_text()], None)
    fork = tmp_path / "extra" / CHECKPOINTS_DIR / "000000000025.txt"
    fork.rename(tmp_path / CHECKPOINTS_DIR / "000000000025-2.txt")
    messages = _messages(tmp_path)
    assert (
        "checkpoints 000000000025.txt and 000000000025-2.txt: fork: two signed checkpoints of "
        "size 25 with different roots"
    ) in messages
    assert messages[1].startswith(
        "checkpoint 000000000025-2.txt: the leaf hashes do not give checkpoint 000000000025-2.txt's"
    )
    assert len(messages) == 2


def test_a_cosignature_replayed_from_another_checkpoint_is_found(tmp_path: Path) -> None:
    _bundle(tmp_path)
    ten = parse_note((tmp_path / CHECKPOINTS_DIR / "000000000010.txt").read_text())
    path = tmp_path / CHECKPOINTS_DIR / "000000000025.txt"
    note = parse_note(path.read_text())
    path.write_text(Note(note.text, (note.signatures[0], ten.signatures[1])).to_text())
    assert _messages(tmp_path) == [
        "checkpoint 000000000025.txt: checkpoint example.org/log@25: cosignature by "
        f"example.com/peer+{PEER.verifier_key(4).key_id:08x} does not verify over this checkpoint "
        "(made for another origin, size or root, or forged)"
    ]


def test_a_foreign_cosignature_does_not_count(tmp_path: Path) -> None:
    _bundle(tmp_path)
    path = tmp_path / CHECKPOINTS_DIR / "000000000050.txt"
    note = parse_note(path.read_text())
    bare = Note(note.text, note.signatures[:1])
    path.write_text(bare.with_signature(cosign_checkpoint(bare, STRANGER, T0 + 50)).to_text())
    assert _messages(tmp_path) == [
        "checkpoint 000000000050.txt: checkpoint example.org/log@50: quorum 'counterpart' not "
        "met (valid cosignatures from nobody)"
    ]


def test_cosigner_timestamps_going_backwards_are_found(tmp_path: Path) -> None:
    store = MemoryHashStore(hash_leaf(entry) for entry in ENTRIES)
    notes = [_note(store, 10, T0 + 100).to_text(), _note(store, 25, T0).to_text()]
    write_bundle(tmp_path, ENTRIES, notes, POLICY)
    assert _messages(tmp_path) == [
        f"checkpoint 000000000025.txt: counterpart cosigned size 25 at {T0}, before it cosigned "
        f"the smaller size 10 at {T0 + 100} (000000000010.txt)"
    ]


def test_a_directory_that_is_not_a_bundle_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="not an audit bundle"):
        audit_bundle(tmp_path)
