"""Ledger speed: proofs at 10^6 leaves and offline audit, each against raw JCS + SHA-256.

The baseline, measured in the same run over the same records, is the least any log must do
per record: RFC 8785 canonical JSON (the `rfc8785` package) and one SHA-256. Targets
(issue 4): proof generation and verification <= 50 us at 10^6 leaves; audit >= 30k records/s.

    .venv/bin/python bench/bench_ledger.py [--leaves 1000000] [--records 100000]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import rfc8785

from counterpart.domain.records import RecordType, encode_record, new_record
from counterpart.ledger.audit import audit_bundle, write_bundle
from counterpart.ledger.checkpoint import Checkpoint, sign_checkpoint
from counterpart.ledger.cosignature import cosign_checkpoint
from counterpart.ledger.note import NoteSigner
from counterpart.ledger.policy import bilateral_policy
from counterpart.ledger.tree import (
    MemoryHashStore,
    hash_leaf,
    prove_consistency,
    prove_inclusion,
    root_hash,
)
from counterpart.ledger.verify import verify_consistency, verify_inclusion

SAMPLES = 20_000


def _records(count: int) -> list[bytes]:
    start = datetime(2026, 1, 1, tzinfo=UTC)
    counter = iter(range(1, count + 1))
    records = []
    for n in range(count):
        record = new_record(
            RecordType.PRE_EXPORT_NOTIFICATION,
            "cn",
            n + 1,
            {
                "exporter": {"name": "Hubei Example Chemical Co., Ltd.", "country": "CN"},
                "importer": {"name": "Example Imports S.A. de C.V.", "country": "MX"},
                "substances": [{"name": "4-piperidone", "cas": "41661-47-6", "quantity": "25 kg"}],
                "hs_code": "2933.39",
                "dispatch_date": "2026-02-01",
            },
            claimed_at=start + timedelta(seconds=n),
            nonce_factory=lambda: f"{next(counter):032x}",
        )
        records.append(encode_record(record))
    return records


def _per_call(function: Callable[[int], object], count: int) -> float:
    """CPU seconds per call of `function(i)` for i in range(count).

    CPU time, not wall time: the machine is shared, and another process's load would
    otherwise be counted as ours. The ratio to the baseline is measured the same way.
    """
    started = time.process_time()
    for i in range(count):
        function(i)
    return (time.process_time() - started) / count


def bench_baseline(records: list[bytes]) -> float:
    """Seconds per record for JCS + SHA-256 over the same records (as Python objects)."""
    objects = [json.loads(data) for data in records]
    sha256, dumps = hashlib.sha256, rfc8785.dumps
    return _per_call(lambda i: sha256(dumps(objects[i])).digest(), len(objects))


def bench_proofs(leaves: int, baseline: float) -> None:
    started = time.process_time()
    store = MemoryHashStore(hash_leaf(i.to_bytes(8, "big")) for i in range(leaves))
    build = time.process_time() - started
    print(f"store of {leaves:,} leaves built in {build:.1f} s ({leaves / build:,.0f} appends/s)")
    rng = random.Random(4)
    root = store.root()
    indices = [rng.randrange(leaves) for _ in range(SAMPLES)]
    olds = [rng.randrange(1, leaves) for _ in range(SAMPLES)]
    roots = {m: root_hash(store, m) for m in olds[:2000]}
    olds = [olds[i % 2000] for i in range(SAMPLES)]
    proofs = [prove_inclusion(store, index, leaves) for index in indices]
    consistency = [prove_consistency(store, m, leaves) for m in olds]
    leaf = [store.subtree_hash(0, index) for index in indices]
    figures = {
        "inclusion proof, make": _per_call(
            lambda i: prove_inclusion(store, indices[i], leaves), SAMPLES
        ),
        "inclusion proof, verify": _per_call(
            lambda i: verify_inclusion(leaf[i], indices[i], leaves, proofs[i], root), SAMPLES
        ),
        "consistency proof, make": _per_call(
            lambda i: prove_consistency(store, olds[i], leaves), SAMPLES
        ),
        "consistency proof, verify": _per_call(
            lambda i: verify_consistency(olds[i], leaves, consistency[i], roots[olds[i]], root),
            SAMPLES,
        ),
    }
    for name, seconds in figures.items():
        verdict = "ok" if seconds <= 50e-6 else "OVER TARGET"
        print(
            f"{name:27s} {seconds * 1e6:7.2f} us  (target <= 50 us: {verdict}; "
            f"{seconds / baseline:5.2f}x one record's JCS+SHA-256)"
        )


def bench_audit(records: list[bytes], baseline: float) -> None:
    log = NoteSigner.from_seed("bench.example/log", b"L" * 32)
    peer = NoteSigner.from_seed("bench.example/peer", b"P" * 32)
    store = MemoryHashStore(hash_leaf(data) for data in records)
    notes = []
    for size in range(500, len(records) + 1, 500):  # a checkpoint every 500 records
        note = sign_checkpoint(Checkpoint(log.name, size, root_hash(store, size)), log)
        notes.append(
            note.with_signature(cosign_checkpoint(note, peer, 1_780_000_000 + size)).to_text()
        )
    policy = bilateral_policy(log.verifier_key(), peer.verifier_key())
    with tempfile.TemporaryDirectory() as folder:
        write_bundle(Path(folder), records, notes, policy)
        started, wall = time.process_time(), time.perf_counter()
        report = audit_bundle(Path(folder), policy)
        seconds, wall = time.process_time() - started, time.perf_counter() - wall
    assert report.sound, report.findings
    rate, base_rate = len(records) / seconds, 1 / baseline
    verdict = "ok" if rate >= 30_000 else "UNDER TARGET"
    print(
        f"offline audit               {rate:9,.0f} records/s (target >= 30k: {verdict}; "
        f"{len(notes)} cosigned checkpoints; {rate / base_rate:4.2f}x raw JCS+SHA-256 at "
        f"{base_rate:,.0f} records/s; CPU time, wall {len(records) / wall:,.0f}/s)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--leaves", type=int, default=1_000_000)
    parser.add_argument("--records", type=int, default=100_000)
    args = parser.parse_args()
    records = _records(args.records)
    baseline = bench_baseline(records)
    print(
        f"baseline: JCS + SHA-256 of one record ({sum(map(len, records)) // len(records)} bytes) "
        f"{baseline * 1e6:.2f} us ({1 / baseline:,.0f} records/s) over {len(records):,} records"
    )
    bench_proofs(args.leaves, baseline)
    bench_audit(records, baseline)


if __name__ == "__main__":
    main()
