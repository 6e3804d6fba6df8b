"""Compliance reports as JSON-ready objects and as flat rows (CSV, tables), for API and CLI."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import asdict
from datetime import date, datetime
from typing import Any

from counterpart.workflows.compliance import ComplianceReport, PartyFigures
from counterpart.workflows.compliance_gap import GapReport

FIGURE_COLUMNS: tuple[str, ...] = ("party", "counterpart", "section", "figure", "value")
GAP_COLUMNS: tuple[str, ...] = (
    "substance",
    "name",
    "cas",
    "in_registry",
    "controlled_by",
    "not_by",
    "since",
    "until",
    "days",
    "open",
)

_SECTIONS = ("replies", "assistance", "commitments", "outcomes", "incidents")


def to_json_value(value: Any) -> Any:
    """Dataclasses, tuples, dates and times as JSON values (times in RFC 3339 UTC)."""
    if hasattr(value, "__dataclass_fields__"):
        return to_json_value(asdict(value))
    if isinstance(value, Mapping):
        return {str(key): to_json_value(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [to_json_value(item) for item in value]
    if isinstance(value, datetime):
        return value.isoformat().replace("+00:00", "Z")
    if isinstance(value, date):
        return value.isoformat()
    return value


def to_figure_rows(report: ComplianceReport) -> Iterator[dict[str, Any]]:
    """One row per scalar figure per direction (the lists of items stay in the JSON)."""
    for direction in report.directions:
        yield from _direction_rows(direction)


def _direction_rows(direction: PartyFigures) -> Iterator[dict[str, Any]]:
    for section in _SECTIONS:
        figures = asdict(getattr(direction, section))
        for name, value in figures.items():
            if isinstance(value, list | tuple):
                continue  # items and histogram bars: in the JSON
            yield {
                "party": direction.party,
                "counterpart": direction.counterpart,
                "section": section,
                "figure": name,
                "value": "" if value is None else value,
            }


def to_gap_rows(report: GapReport) -> Iterator[dict[str, Any]]:
    """One row per gap: which jurisdiction controlled the substance, which did not, how long."""
    for substance in report.substances:
        for gap in substance.gaps:
            yield {
                "substance": substance.substance,
                "name": substance.name,
                "cas": substance.cas or "",
                "in_registry": substance.in_registry,
                "controlled_by": gap.controlled_by,
                "not_by": gap.not_by,
                "since": gap.since.isoformat(),
                "until": "" if gap.until is None else gap.until.isoformat(),
                "days": gap.days,
                "open": gap.open,
            }


def to_csv(rows: Iterable[Mapping[str, Any]], columns: tuple[str, ...]) -> str:
    """Rows as CSV text with a header line."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()
