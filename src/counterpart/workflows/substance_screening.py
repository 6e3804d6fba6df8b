"""Batch substance screening of a stream: one query per line, or a CSV with columns id,query.

The input is read lazily and screened in chunks, so memory stays flat on a file of millions of
lines. Long inputs go to a process pool with every core; a bounded number of chunks is in
flight at once, and results come back in input order. A bad row (empty, broken CSV, binary,
unparsable) becomes an `unresolved` result with its reason; the batch goes on.
"""

from __future__ import annotations

import csv
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from datetime import date
from typing import Any

from counterpart.chemistry import ALL_JURISDICTIONS
from counterpart.chemistry.depict import depict_svg
from counterpart.chemistry.screen import default_screener, unresolved_result
from counterpart.domain.errors import InvalidInput, NotFound
from counterpart.domain.substances import Jurisdiction, ScreeningResult, Status

CHUNK_ROWS = 2_000
CSV_HEADER = "id,query"

Progress = Callable[[int, int], None]  # (rows done, input bytes done)


@dataclass(frozen=True, slots=True)
class Row:
    """One input row: its id, its query, and the reason it is unusable (if it is)."""

    id: str
    query: str
    size: int = 0  # bytes it took in the input, for progress
    error: str | None = None


@dataclass(frozen=True, slots=True)
class BatchOptions:
    """How to screen: for which jurisdictions, on which date, with full identity or not."""

    jurisdictions: tuple[Jurisdiction, ...] = ALL_JURISDICTIONS
    on: date | None = None
    full_identity: bool = False


def read_rows(lines: Iterable[bytes | str]) -> Iterator[Row]:
    """Rows from raw lines: a CSV when the first line is the header `id,query`.

    A UTF-8 byte order mark is dropped; a line that is not UTF-8 is a bad row saying so. A
    first line that names `id` or `query` among other columns is a CSV header gone wrong:
    InvalidInput, before any row is screened.
    """
    iterator = iter(lines)
    first = next(iterator, None)
    if first is None:
        return
    text, error = decode_line(first, 1)
    text = text.removeprefix("\ufeff")
    header = [field.strip().lower() for field in text.split(",")]
    if header == CSV_HEADER.split(","):
        yield from _csv_rows(iterator)
        return
    if len(header) > 1 and {"id", "query"} & set(header):
        raise InvalidInput(
            f"a CSV header must be exactly `{CSV_HEADER}`, found {text[:80]!r}", where="line 1"
        )
    yield _plain_row(1, text, _size(first), error)
    for number, line in enumerate(iterator, start=2):
        text, error = decode_line(line, number)
        yield _plain_row(number, text, _size(line), error)


def decode_line(line: bytes | str, number: int) -> tuple[str, str | None]:
    """The line's text without its newline, and why it is unusable when it is not UTF-8."""
    if isinstance(line, str):
        return line.rstrip("\r\n"), None
    try:
        return line.decode("utf-8").rstrip("\r\n"), None
    except UnicodeDecodeError as exc:
        text = line.decode("utf-8", errors="replace").rstrip("\r\n")
        byte = line[exc.start]
        return text, (
            f"line {number}: not UTF-8 text (byte 0x{byte:02X} at byte {exc.start + 1}); "
            "save the file as UTF-8"
        )


def _size(line: bytes | str) -> int:
    return len(line) if isinstance(line, bytes) else len(line.encode("utf-8", errors="replace"))


def _plain_row(number: int, text: str, size: int, error: str | None = None) -> Row:
    if error is None and not text.strip():
        error = f"line {number}: empty query"
    return Row(str(number), text, size, error)


def _csv_rows(lines: Iterator[bytes | str]) -> Iterator[Row]:
    for number, line in enumerate(lines, start=2):
        text, error = decode_line(line, number)
        size = _size(line)
        if error is not None:
            yield Row(str(number), text, size, error)
            continue
        try:
            fields = next(csv.reader([text], strict=True), [])
        except csv.Error as exc:
            yield Row(str(number), text, size, f"row {number}: broken CSV ({exc})")
            continue
        if len(fields) != 2:
            found = f"found {len(fields)}"
            yield Row(
                str(number), text, size, f"row {number}: expected 2 fields (id,query), {found}"
            )
        elif not fields[1].strip():
            yield Row(fields[0] or str(number), "", size, f"row {number}: empty query")
        else:
            yield Row(fields[0] or str(number), fields[1], size)


def screen_rows(rows: Sequence[Row], options: BatchOptions) -> list[ScreeningResult]:
    """Screen one chunk of rows in this process; unusable rows come back unresolved."""
    good = [(row.id, row.query) for row in rows if row.error is None]
    screened = iter(
        default_screener().screen(
            good, options.jurisdictions, options.on, full_identity=options.full_identity
        )
    )
    return [
        unresolved_result(row.id, row.query, row.error, options.jurisdictions)
        if row.error is not None
        else next(screened)
        for row in rows
    ]


def screen_stream(
    rows: Iterable[Row],
    options: BatchOptions,
    *,
    workers: int | None = None,
    progress: Progress | None = None,
) -> Iterator[ScreeningResult]:
    """Screen rows lazily, in input order; a pool of `workers` (default: all cores) when long."""
    chunks = _chunks(rows, CHUNK_ROWS)
    first = next(chunks, None)
    if first is None:
        return
    second = next(chunks, None)
    count = workers or os.cpu_count() or 1
    done = [0, 0]

    def report(chunk: list[Row], results: list[ScreeningResult]) -> Iterator[ScreeningResult]:
        done[0] += len(chunk)
        done[1] += sum(row.size for row in chunk)
        if progress is not None:
            progress(done[0], done[1])
        yield from results

    if second is None or count == 1:
        for chunk in _chain(first, second, chunks):
            yield from report(chunk, screen_rows(chunk, options))
        return
    yield from _screen_in_pool(_chain(first, second, chunks), options, count, report)


def _screen_in_pool(
    chunks: Iterator[list[Row]],
    options: BatchOptions,
    workers: int,
    report: Callable[[list[Row], list[ScreeningResult]], Iterator[ScreeningResult]],
) -> Iterator[ScreeningResult]:
    in_flight: deque[tuple[list[Row], Future[list[ScreeningResult]]]] = deque()
    with ProcessPoolExecutor(max_workers=workers) as pool:
        for chunk in chunks:
            in_flight.append((chunk, pool.submit(screen_rows, chunk, options)))
            if len(in_flight) >= 2 * workers:  # bounded: memory stays flat on any input
                done_chunk, future = in_flight.popleft()
                yield from report(done_chunk, future.result())
        while in_flight:
            done_chunk, future = in_flight.popleft()
            yield from report(done_chunk, future.result())


def _chunks(rows: Iterable[Row], size: int) -> Iterator[list[Row]]:
    chunk: list[Row] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _chain(
    first: list[Row], second: list[Row] | None, rest: Iterator[list[Row]]
) -> Iterator[list[Row]]:
    yield first
    if second is not None:
        yield second
        yield from rest


def to_record(result: ScreeningResult) -> dict[str, Any]:
    """The JSONL object for one result (the same object the HTTP API returns)."""
    resolved = result.resolved
    return {
        "id": result.id,
        "query": result.query,
        "input_kind": result.input_kind.value if result.input_kind else None,
        "resolved": None
        if resolved is None
        else {
            "smiles": resolved.smiles,
            "inchikey": resolved.inchikey or None,
            "name": resolved.name,
        },
        "error": result.error,
        "verdicts": [
            {
                "jurisdiction": v.jurisdiction.value,
                "status": v.status.value,
                "family": v.family.value,
                "basis": v.basis,
                "rule": v.rule,
                "since": v.since.isoformat() if v.since else None,
                "explanation": v.explanation,
                "matched_atoms": list(v.matched_atoms),
            }
            for v in result.verdicts
        ],
    }


def is_unresolved(result: ScreeningResult) -> bool:
    """Whether the row could not be screened (it must never count as "not controlled")."""
    return result.error is not None or any(v.status is Status.UNRESOLVED for v in result.verdicts)


def depict_entry(
    inchikey: str,
    jurisdiction: Jurisdiction,
    on: date | None = None,
    *,
    highlight: bool = True,
    width: int = 400,
    height: int = 300,
) -> str:
    """SVG of a registry entry, the atoms its verdict in `jurisdiction` rests on highlighted.

    NotFound when no registry entry has this InChIKey: a key cannot be turned into a structure.
    """
    screener = default_screener()
    entry = screener.registry.by_inchikey(inchikey)
    if entry is None:
        raise NotFound(f"no registry entry has the InChIKey {inchikey}", where="inchikey")
    result = screener.screen([("1", entry.smiles)], (jurisdiction,), on)[0]
    verdict = result.verdicts[0]
    atoms = verdict.matched_atoms if highlight else ()
    smiles = result.resolved.smiles if result.resolved else entry.smiles
    legend = f"{entry.name} ({jurisdiction.value}: {verdict.status.value})"
    return depict_svg(smiles, atoms, width=width, height=height, legend=legend)
