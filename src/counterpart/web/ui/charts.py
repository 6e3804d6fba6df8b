"""Chart geometry for the compliance page: the figures of the compliance workflows turned
into coordinates that a template draws as inline SVG (no script, no chart library).

Each chart is plain data (bars with x, y, width, height and the value they show), so the
JSON twin carries exactly what the page drew, and the page writes the same values in a table.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from counterpart.workflows.compliance import ComplianceReport, PartyFigures
from counterpart.workflows.compliance_gap import GapReport, SubstanceGap
from counterpart.workflows.compliance_timing import DAY, HOUR, Distribution

WIDTH, HEIGHT = 600, 220
LEFT, BOTTOM, TOP = 40, 40, 16
ROW, LABEL_WIDTH = 28, 150
COMMITMENT_PARTS = ("delivered_on_time", "delivered_late", "not_delivered", "withdrawn", "open")


def bucket_caption(up_to: int | None, previous: int | None) -> dict[str, Any]:
    """A histogram bar's bound as a number and a unit, for a translated caption."""
    bound = up_to if up_to is not None else previous or 0
    unit = "h" if bound < DAY else "d"
    amount = bound // (HOUR if unit == "h" else DAY)
    return {"over": up_to is None, "amount": amount, "unit": unit}


def histogram(distribution: Distribution) -> dict[str, Any]:
    """The answer-time histogram's bars (the workflow's fixed buckets), scaled to the chart."""
    buckets = distribution.histogram
    top = max([b.count for b in buckets] + [1])
    plot_width, plot_height = WIDTH - LEFT, HEIGHT - BOTTOM - TOP
    step = plot_width / max(len(buckets), 1)
    bars, previous = [], None
    for number, bucket in enumerate(buckets):
        height = round(plot_height * bucket.count / top, 1)
        bars.append({
            "count": bucket.count,
            "caption": bucket_caption(bucket.up_to_seconds, previous),
            "x": round(LEFT + number * step + step * 0.1, 1),
            "y": round(TOP + plot_height - height, 1),
            "width": round(step * 0.8, 1),
            "height": height,
            "middle": round(LEFT + number * step + step / 2, 1),
        })  # fmt: skip
        previous = bucket.up_to_seconds
    return {"width": WIDTH, "height": HEIGHT, "baseline": HEIGHT - BOTTOM, "left": LEFT,
            "max": top, "bars": bars, "answered": distribution.answered}  # fmt: skip


def share_bars(report: ComplianceReport) -> dict[str, Any]:
    """Share of requests answered within the deadline, per party and kind of request."""
    rows = []
    for figures in report.directions:
        for kind in ("replies", "assistance"):
            shown: Distribution = getattr(figures, kind)
            share = shown.share_within_deadline
            rows.append({
                "party": figures.party,
                "kind": kind,
                "share": share,
                "within": shown.within_deadline,
                "counted": shown.answered + shown.overdue,
                "width": round((WIDTH - LABEL_WIDTH) * (share or 0), 1),
            })  # fmt: skip
    return _rows_chart(rows)


def commitment_bars(report: ComplianceReport) -> dict[str, Any]:
    """Commitments each party owes, as one stacked bar: delivered on time, late, and so on."""
    rows = []
    for figures in report.directions:
        rows.append({"party": figures.party, "total": figures.commitments.commitments,
                     "segments": _segments(figures)})  # fmt: skip
    return _rows_chart(rows)


def _segments(figures: PartyFigures) -> list[dict[str, Any]]:
    counts = figures.commitments
    total = max(counts.commitments, 1)
    segments, x = [], float(LABEL_WIDTH)
    for part in COMMITMENT_PARTS:
        value = getattr(counts, part)
        width = round((WIDTH - LABEL_WIDTH) * value / total, 1)
        segments.append({"part": part, "count": value, "x": round(x, 1), "width": width})
        x += width
    return segments


def _rows_chart(rows: list[dict[str, Any]]) -> dict[str, Any]:
    for number, row in enumerate(rows):
        row["y"] = TOP + number * ROW
    return {"width": WIDTH, "height": TOP * 2 + ROW * len(rows), "label_width": LABEL_WIDTH,
            "row": ROW, "rows": rows}  # fmt: skip


def gap_timelines(report: GapReport) -> list[dict[str, Any]]:
    """Per substance with a gap: each jurisdiction's control from its start, and the gaps."""
    return [_timeline(s, report.as_of) for s in report.substances if s.gaps]


def _timeline(substance: SubstanceGap, today: date) -> dict[str, Any]:
    starts = [c.since for c in substance.controls if c.since] + [g.since for g in substance.gaps]
    first = min(starts, default=today)
    span = max((today - first).days, 1)
    plot = WIDTH - LABEL_WIDTH

    def x_of(day: date) -> float:
        return round(LABEL_WIDTH + plot * (day - first).days / span, 1)

    rows: list[dict[str, Any]] = []
    for control in substance.controls:
        if control.since is not None:
            start = x_of(control.since)
            rows.append({
                "kind": "control", "jurisdiction": control.jurisdiction,
                "since": control.since.isoformat(), "until": None,
                "x": start, "width": round(WIDTH - start, 1),
            })  # fmt: skip
    for gap in substance.gaps:
        start, end = x_of(gap.since), x_of(gap.until or today)
        rows.append({
            "kind": "gap", "jurisdiction": gap.not_by, "controlled_by": gap.controlled_by,
            "since": gap.since.isoformat(), "until": gap.until.isoformat() if gap.until else None,
            "days": gap.days, "open": gap.open, "x": start, "width": max(round(end - start, 1), 2),
        })  # fmt: skip
    for number, row in enumerate(rows):
        row["y"] = TOP + number * ROW
    return {
        "substance": substance.substance, "name": substance.name, "cas": substance.cas,
        "first": first.isoformat(), "today": today.isoformat(), "width": WIDTH,
        "height": TOP * 2 + ROW * len(rows), "label_width": LABEL_WIDTH, "rows": rows,
    }  # fmt: skip


def compliance_charts(report: ComplianceReport, gap: GapReport) -> dict[str, Any]:
    """Every chart of the compliance page, as data."""
    return {
        "reply_times": [
            {"party": f.party, "kind": kind, **histogram(getattr(f, kind))}
            for f in report.directions
            for kind in ("replies", "assistance")
        ],
        "deadlines_met": share_bars(report),
        "commitments": commitment_bars(report),
        "gap_timelines": gap_timelines(gap),
    }
