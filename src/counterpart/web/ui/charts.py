"""Chart geometry for the compliance page: the figures of the compliance workflows turned
into coordinates that a template draws as inline SVG (no script, no chart library).

Each chart is plain data (bars with x, y, width, height and the value they show), so the
JSON twin carries exactly what the page drew, and the page writes the same values in a table.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from typing import Any

from counterpart.workflows.compliance import ComplianceReport, PartyFigures
from counterpart.workflows.compliance_gap import Gap, GapReport, SubstanceGap
from counterpart.workflows.compliance_timing import DAY, HOUR, Distribution

WIDTH, HEIGHT = 600, 220
HISTOGRAM_WIDTH = 480
LEFT, BOTTOM, TOP = 40, 40, 16
ROW, LABEL_WIDTH = 28, 150
GAP_ROW, GAP_ROWS = 16, 20
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
    plot_width, plot_height = HISTOGRAM_WIDTH - LEFT, HEIGHT - BOTTOM - TOP
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
    return {"width": HISTOGRAM_WIDTH, "height": HEIGHT, "baseline": HEIGHT - BOTTOM, "left": LEFT,
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


def gap_chart(report: GapReport, limit: int = GAP_ROWS) -> dict[str, Any]:
    """The control-list gaps on one time axis, a row per substance: those with an open gap
    first, then by the latest gap; `limit` rows are drawn, every gap is in `table`."""
    with_gaps = [s for s in report.substances if s.gaps]
    with_gaps.sort(key=lambda s: (not any(g.open for g in s.gaps), _latest(s)), reverse=False)
    drawn = with_gaps[:limit]
    today = report.as_of
    first = min((g.since for s in drawn for g in s.gaps), default=today)
    span = max((today - first).days, 1)

    def x_of(day: date) -> float:
        return round(LABEL_WIDTH + (WIDTH - LABEL_WIDTH) * (day - first).days / span, 1)

    rows = [
        {"substance": s.substance, "name": s.name, "cas": s.cas, "y": TOP + n * GAP_ROW,
         "segments": [_segment(g, x_of(g.since), x_of(g.until or today)) for g in s.gaps]}
        for n, s in enumerate(drawn)
    ]  # fmt: skip
    ticks = [
        {"year": year, "x": x_of(date(year, 1, 1))}
        for year in range(first.year + 1, today.year + 1)
        if (today.year - first.year) <= 12 or year % 5 == 0
    ]
    table = [
        {"substance": s.substance, "name": s.name, "cas": s.cas, **_gap_values(g)}
        for s in with_gaps
        for g in s.gaps
    ]
    return {
        "width": WIDTH, "height": TOP * 2 + GAP_ROW * len(rows), "label_width": LABEL_WIDTH,
        "first": first.isoformat(), "today": today.isoformat(), "ticks": ticks, "rows": rows,
        "shown": len(rows), "total": len(with_gaps), "table": table,
        "summaries": [asdict(summary) for summary in report.summaries],
    }  # fmt: skip


def _latest(substance: SubstanceGap) -> int:
    return -max(g.since.toordinal() for g in substance.gaps)


def _gap_values(gap: Gap) -> dict[str, Any]:
    return {
        "controlled_by": gap.controlled_by, "not_by": gap.not_by,
        "since": gap.since.isoformat(), "until": gap.until.isoformat() if gap.until else None,
        "days": gap.days, "open": gap.open,
    }  # fmt: skip


def _segment(gap: Gap, start: float, end: float) -> dict[str, Any]:
    return {**_gap_values(gap), "x": start, "width": max(round(end - start, 1), 2)}


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
        "gap": gap_chart(gap),
    }
