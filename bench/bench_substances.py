"""Substance screening speed: end-to-end screening vs bare RDKit SMILES parsing, one core.

Both are measured in the same run over the same strings: the 176k SMILES of the MOSES test set
(`pip install --no-deps molsets==0.3.1`, the `bench` extra). Target (issue 2): screening at
>= 0.5x the parse rate. A second part streams a file of 1M lines through the batch workflow
(process pool, all cores) and reports the RSS of this process and its workers at the start,
at every tenth of the file and at the end: memory must stay flat while the workers run.

    .venv/bin/python bench/bench_substances.py [--limit N] [--memory-lines 1000000]
"""

from __future__ import annotations

import argparse
import gzip
import importlib.util
import itertools
import tempfile
import time
from pathlib import Path

import psutil
from rdkit import Chem

from counterpart.chemistry.screen import default_screener
from counterpart.workflows.substance_screening import BatchOptions, read_rows, screen_stream

CHUNK = 2_000
TARGET = 0.5


def moses_smiles(name: str) -> list[str]:
    """SMILES of one MOSES split, read from the installed molsets package."""
    spec = importlib.util.find_spec("moses")
    if spec is None or spec.origin is None:
        raise SystemExit("molsets is missing: pip install --no-deps molsets==0.3.1")
    path = Path(spec.origin).parent / "dataset" / "data" / f"{name}.csv.gz"
    with gzip.open(path, "rt") as handle:
        next(handle)
        return [line.strip().split(",", 1)[0] for line in handle]


def time_both(smiles: list[str]) -> tuple[float, float, int]:
    """CPU seconds for parsing and for screening, chunk by chunk, interleaved.

    Interleaving and CPU time (not wall time) keep the comparison fair on a shared machine:
    both sides see the same load, and time spent waiting for a core is not counted.
    """
    screener = default_screener()
    parse = screen = 0.0
    flagged = 0
    for offset in range(0, len(smiles), CHUNK):
        chunk = smiles[offset : offset + CHUNK]
        start = time.process_time()
        for text in chunk:
            Chem.MolFromSmiles(text)
        middle = time.process_time()
        results = screener.screen([(str(i), s) for i, s in enumerate(chunk, start=offset)])
        end = time.process_time()
        parse += middle - start
        screen += end - middle
        flagged += sum(r.is_flagged for r in results)
    return parse, screen, flagged


def bench_speed(smiles: list[str]) -> None:
    time_both(smiles[:2000])  # warm up: registry loading is not per-molecule work
    parse, screen, flagged = time_both(smiles)
    parse_rate, screen_rate = len(smiles) / parse, len(smiles) / screen
    ratio = screen_rate / parse_rate
    print(f"molecules:            {len(smiles):,}")
    print(f"RDKit parse (base):   {parse_rate:,.0f} /s (CPU time, one core)")
    print(f"screening, 1 core:    {screen_rate:,.0f} /s  ({flagged} flagged)")
    print(f"ratio:                {ratio:.2f}x of parse (target >= {TARGET}x)")


def bench_memory(smiles: list[str], lines: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "feed.txt"
        with path.open("w") as handle:
            for text in itertools.islice(itertools.cycle(smiles), lines):
                handle.write(text + "\n")
        me = psutil.Process()
        samples: list[tuple[str, float]] = [("start", _rss_mb(me))]
        marks = {lines * tenth // 10: f"{tenth * 10}%" for tenth in range(1, 10)}
        start = time.perf_counter()
        with path.open("rb") as handle:
            for count, _ in enumerate(screen_stream(read_rows(handle), BatchOptions()), start=1):
                if count in marks:
                    samples.append((marks[count], _rss_mb(me)))
        samples.append(("end", _rss_mb(me)))
        elapsed = time.perf_counter() - start
    print(
        f"1M-line file: {lines:,} lines in {elapsed:.0f} s ({lines / elapsed:,.0f} /s, all cores)"
    )
    for label, rss in samples:
        print(f"  RSS {label:6s} {rss:8.1f} MB (this process and its workers)")


def _rss_mb(process: psutil.Process) -> float:
    total = process.memory_info().rss
    for child in process.children(recursive=True):
        try:
            total += child.memory_info().rss
        except psutil.NoSuchProcess:
            continue
    return float(total) / 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="screen only the first N SMILES")
    parser.add_argument(
        "--memory-lines", type=int, default=1_000_000, help="0 skips the memory part"
    )
    args = parser.parse_args()
    smiles = moses_smiles("test")[: args.limit]
    bench_speed(smiles)
    if args.memory_lines:
        bench_memory(smiles, args.memory_lines)


if __name__ == "__main__":
    main()
