"""Substance screening quality: flags on background sets of ordinary molecules.

The MOSES training set (1.58M ZINC drug-like molecules, `pip install --no-deps molsets==0.3.1`)
and the 4,999 NCI compounds RDKit ships hold no fentanyl-related substance, so the US class rule
must flag none of them (issue 2). The US generic precursor wording ("4-piperidone, its acetals,
its amides, its carbamates, its salts") literally reaches ordinary library chemistry: those
flags are reported separately, with examples, as are designer-precursor alerts and reviews.

    .venv/bin/python bench/bench_substance_quality.py [--limit N] [--workers N]
"""

from __future__ import annotations

import argparse
import gzip
import importlib.util
import os
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path

from rdkit import RDConfig

from counterpart.domain.substances import ScreeningResult
from counterpart.workflows.substance_screening import BatchOptions, Row, screen_stream

EXAMPLES = 3


def moses_train() -> Iterator[str]:
    spec = importlib.util.find_spec("moses")
    if spec is None or spec.origin is None:
        raise SystemExit("molsets is missing: pip install --no-deps molsets==0.3.1")
    path = Path(spec.origin).parent / "dataset" / "data" / "train.csv.gz"
    with gzip.open(path, "rt") as handle:
        next(handle)
        for line in handle:
            yield line.strip().split(",", 1)[0]


def nci_5k() -> Iterator[str]:
    path = Path(RDConfig.RDDataDir) / "NCI" / "first_5K.smi"
    with path.open() as handle:
        for line in handle:
            if line.strip():
                yield line.split()[0]


def count_flags(name: str, smiles: Iterator[str], limit: int | None, workers: int) -> None:
    rows = (Row(str(i), s) for i, s in enumerate(smiles, start=1) if limit is None or i <= limit)
    counts: Counter[tuple[str, str, str]] = Counter()
    examples: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    total = unresolved = 0
    start = time.perf_counter()
    for result in screen_stream(rows, BatchOptions(), workers=workers):
        total += 1
        unresolved += result.error is not None
        _tally(result, counts, examples)
    elapsed = time.perf_counter() - start
    print(f"== {name}: {total:,} molecules in {elapsed:.0f} s ({unresolved} unresolved)")
    us_class = sum(n for (j, _s, rule), n in counts.items() if j == "US" and rule == "us-frs")
    verdict = "as expected" if us_class == 0 else "UNEXPECTED"
    print(f"US class-rule (us-frs) flags: {us_class} ({verdict}; expected 0)")
    for key in sorted(counts):
        jurisdiction, status, rule = key
        print(
            f"  {jurisdiction} {status:16s} {rule:26s} {counts[key]:7,}  {counts[key] / total:.4%}"
        )
        for example in examples[key]:
            print(f"      e.g. {example}")


def _tally(
    result: ScreeningResult,
    counts: Counter[tuple[str, str, str]],
    examples: dict[tuple[str, str, str], list[str]],
) -> None:
    for verdict in result.verdicts:
        if not verdict.status.is_flagged:
            continue
        key = (verdict.jurisdiction.value, verdict.status.value, verdict.rule or "")
        counts[key] += 1
        if len(examples[key]) < EXAMPLES:
            examples[key].append(result.query)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="only the first N molecules")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    count_flags("NCI first 5K (RDKit)", nci_5k(), args.limit, args.workers)
    count_flags("MOSES train", moses_train(), args.limit, args.workers)


if __name__ == "__main__":
    main()
