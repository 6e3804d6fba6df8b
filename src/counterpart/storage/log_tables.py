"""Tables of the node's log, of its mirrors of the counterpart's log, and of its peers.

A log is named: `self` is this node's own log, `peer:NAME` the mirror of peer NAME's log.
"""

from __future__ import annotations

import sqlalchemy as sa

from counterpart.storage.tables import metadata

OWN_LOG = "self"

log_entry = sa.Table(
    "log_entry",
    metadata,
    sa.Column("log", sa.String(200), primary_key=True),
    sa.Column("idx", sa.BigInteger, primary_key=True, autoincrement=False),
    sa.Column("data", sa.LargeBinary, nullable=False),
)

# Hashes of the perfect subtrees: level 0 holds leaf hashes; (level, idx) covers the leaves
# [idx * 2**level, (idx + 1) * 2**level). Proofs are read from here, never from all leaves.
log_hash = sa.Table(
    "log_hash",
    metadata,
    sa.Column("log", sa.String(200), primary_key=True),
    sa.Column("level", sa.SmallInteger, primary_key=True, autoincrement=False),
    sa.Column("idx", sa.BigInteger, primary_key=True, autoincrement=False),
    sa.Column("hash", sa.LargeBinary(32), nullable=False),
)

log_checkpoint = sa.Table(
    "log_checkpoint",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("log", sa.String(200), nullable=False),
    sa.Column("size", sa.BigInteger, nullable=False),
    sa.Column("root", sa.LargeBinary(32), nullable=False),
    sa.Column("note", sa.Text, nullable=False),
    sa.Column("status", sa.String(20), nullable=False),
    sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
    sa.UniqueConstraint("log", "size", "root", "note", name="uq_log_checkpoint"),
)

log_cosignature = sa.Table(
    "log_cosignature",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("log", sa.String(200), nullable=False),
    sa.Column("size", sa.BigInteger, nullable=False),
    sa.Column("root", sa.LargeBinary(32), nullable=False),
    sa.Column("signer", sa.String(200), nullable=False),
    sa.Column("line", sa.Text, nullable=False),
    sa.Column("timestamp", sa.BigInteger, nullable=False),
    sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
    sa.UniqueConstraint("log", "size", "line", name="uq_log_cosignature"),
)

log_alarm = sa.Table(
    "log_alarm",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("log", sa.String(200), nullable=False),
    sa.Column("kind", sa.String(50), nullable=False),
    sa.Column("message", sa.Text, nullable=False),  # in English
    sa.Column("evidence", sa.Text, nullable=False),
    sa.Column("raised_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("message_json", sa.JSON, nullable=True),  # domain/messages.py; None before 0006
)

peer = sa.Table(
    "peer",
    metadata,
    sa.Column("name", sa.String(200), primary_key=True),
    sa.Column("url", sa.String(500), nullable=False),
    sa.Column("vkey", sa.Text, nullable=False),
    sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
)

peer_nonce = sa.Table(
    "peer_nonce",
    metadata,
    sa.Column("key_name", sa.String(200), primary_key=True),
    sa.Column("nonce", sa.String(100), primary_key=True),
    sa.Column("created", sa.BigInteger, nullable=False),
)

# What this node last cosigned for each log origin: the witness state of C2SP tlog-witness.
witness_state = sa.Table(
    "witness_state",
    metadata,
    sa.Column("origin", sa.String(200), primary_key=True),
    sa.Column("size", sa.BigInteger, nullable=False),
    sa.Column("root", sa.LargeBinary(32), nullable=False),
)

# The neutral witnesses (c2sp.org/tlog-witness) this node submits its checkpoints to, and per
# witness the last size it cosigned and the last failure (None once a submission succeeds).
neutral_witness = sa.Table(
    "neutral_witness",
    metadata,
    sa.Column("name", sa.String(64), primary_key=True),
    sa.Column("url", sa.String(500), nullable=False),
    sa.Column("vkey", sa.Text, nullable=False),
    sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("cosigned_size", sa.BigInteger, nullable=True),
    sa.Column("cosigned_at", sa.DateTime(timezone=True), nullable=True),
    sa.Column("last_error", sa.Text, nullable=True),
    sa.Column("tried_at", sa.DateTime(timezone=True), nullable=True),
)
