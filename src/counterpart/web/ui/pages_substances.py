"""The substance screening page: paste a name, CAS number or SMILES, or upload a file.

Each result shows the structure with the atoms its verdict rests on highlighted, the verdict
per jurisdiction with its legal basis and date, and the explanation. The result objects are
the API's (`to_result_record`: the CLI's `to_record` and the messages), so the JSON twin
carries the same data.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from counterpart.chemistry import ALL_JURISDICTIONS
from counterpart.chemistry.depict import depict_svg
from counterpart.domain.errors import InvalidInput, PayloadTooLarge
from counterpart.domain.substances import Jurisdiction, ScreeningResult, Status
from counterpart.web.api.substances import to_result_record
from counterpart.web.auth import AnalystUser
from counterpart.web.ui.labels import N_
from counterpart.web.ui.rendering import Page, render
from counterpart.workflows.input_text import upload_lines
from counterpart.workflows.substance_screening import (
    BatchOptions,
    Row,
    decode_line,
    read_rows,
    screen_rows,
)

router = APIRouter(include_in_schema=False)
TITLE = N_("Screen a substance")
NOTHING_TO_SCREEN = N_("Enter a name, CAS number or SMILES, or choose a file.")
MOST_DRAWINGS = 20  # structures drawn on one page; a longer batch is shown as a table
SEVERITY = (Status.CONTROLLED, Status.CLASS_CONTROLLED, Status.REVIEW, Status.WATCH)
MOLFILE_END = "M  END"


def _form_data(
    query: str = "", on: date | None = None, chosen: list[str] | None = None
) -> dict[str, Any]:
    return {
        "query": query,
        "on": on,
        "jurisdictions": [j.value for j in ALL_JURISDICTIONS],
        "chosen": chosen if chosen is not None else [j.value for j in ALL_JURISDICTIONS],
        "results": None,
        "error": None,
        "drawn": True,
    }


@router.get("/screen/substance")
@router.get("/screen/substance.json")
def show_substance_form(request: Request, caller: AnalystUser) -> Response:
    """The empty screening form."""
    return render(request, Page("substance.html", TITLE, _form_data()), caller)


def to_rows(query: str, upload: bytes | None, filename: str) -> list[Row]:
    """The queries of a pasted text (one query) and an uploaded file (one per line, or a CSV
    with columns id,query, or one molfile)."""
    rows: list[Row] = []
    if query.strip():
        rows.append(Row("query", query.strip()))
    if upload:
        # Decoded as the CLI reads a file: UTF-16 by its byte order mark, a UTF-8 one dropped,
        # and a line that is not UTF-8 is that line's error, not "binary data".
        lines = list(upload_lines(upload))
        if filename.lower().endswith((".mol", ".sdf")) or any(map(_ends_a_molfile, lines)):
            rows.append(_molfile_row(filename or "file", lines))
        else:
            rows.extend(read_rows(lines))
    return rows


def _ends_a_molfile(line: bytes | str) -> bool:
    if isinstance(line, str):
        return line.startswith(MOLFILE_END)
    return line.startswith(MOLFILE_END.encode())


def _molfile_row(name: str, lines: list[bytes | str]) -> Row:
    """One molfile's row; the first line that is not UTF-8 is its error."""
    decoded = [decode_line(line, number) for number, line in enumerate(lines, start=1)]
    error = next((error for _text, error in decoded if error is not None), None)
    text = "\n".join(text for text, _error in decoded).removeprefix("\ufeff")
    return Row(name, text, sum(map(len, lines)), error)


def draw_verdicts(result: ScreeningResult) -> list[dict[str, Any]]:
    """The structure as SVG once per set of atoms the flagged verdicts rest on (the
    jurisdictions that share it named), or once without highlight when none is flagged."""
    if result.resolved is None:
        return []
    groups: dict[tuple[int, ...], list[str]] = {}
    flagged = [v for v in result.verdicts if v.status in SEVERITY and v.matched_atoms]
    for verdict in sorted(flagged, key=lambda v: SEVERITY.index(v.status)):
        groups.setdefault(verdict.matched_atoms, []).append(verdict.jurisdiction.value)
    return [
        {"jurisdictions": jurisdictions, "atoms": list(atoms), "svg": draw(result, atoms)}
        for atoms, jurisdictions in (groups or {(): []}).items()
    ]


def draw(result: ScreeningResult, atoms: tuple[int, ...]) -> str:
    """The resolved structure as inline SVG (no XML declaration), `atoms` highlighted."""
    assert result.resolved is not None
    svg = depict_svg(result.resolved.smiles, atoms, width=400, height=300)
    return svg[svg.index("<svg") :]


def screen_page_rows(rows: list[Row], options: BatchOptions) -> list[dict[str, Any]]:
    """Screen the rows; each result as the API's object, with its drawing for short batches."""
    results = screen_rows(rows, options)
    drawn = len(results) <= MOST_DRAWINGS
    return [
        {**to_result_record(result), "depictions": draw_verdicts(result) if drawn else []}
        for result in results
    ]


@router.post("/screen/substance")
@router.post("/screen/substance.json")
async def screen_substance_page(
    request: Request,
    *,
    caller: AnalystUser,
    query: Annotated[str, Form(max_length=100_000)] = "",
    on: Annotated[date | None, Form()] = None,
    jurisdiction: Annotated[list[Jurisdiction] | None, Form()] = None,
    file: Annotated[UploadFile | None, File()] = None,
) -> Response:
    """Screen what was pasted or uploaded; bad rows come back unresolved with their reason."""
    chosen = list(dict.fromkeys(jurisdiction or ALL_JURISDICTIONS))
    data = _form_data(query, on, [j.value for j in chosen])
    filename = file.filename if file is not None and file.filename else ""
    upload = await file.read() if file is not None and filename else None
    rows = to_rows(query, upload, filename)
    if not rows:
        error = InvalidInput(NOTHING_TO_SCREEN, where="query").to_dict()
        return render(request, Page("substance.html", TITLE, {**data, "error": error}, 422), caller)
    limit = request.app.state.settings.max_batch_size
    if len(rows) > limit:
        raise PayloadTooLarge(
            f"{len(rows)} queries are over the limit of {limit} (setting max_batch_size)",
            where="file",
        )
    options = BatchOptions(tuple(chosen), on, full_identity=True)
    results = await run_in_threadpool(screen_page_rows, rows, options)
    data.update(results=results, drawn=len(results) <= MOST_DRAWINGS)
    return render(request, Page("substance.html", TITLE, data), caller)
