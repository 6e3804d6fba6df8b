"""Systematic names to structures with OPSIN (py2opsin): one JVM for a whole batch of names."""

from __future__ import annotations

import tempfile
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class NameFailure:
    """Why OPSIN could not turn a name into a structure."""

    reason: str


NameOutcome = str | NameFailure  # a SMILES, or the reason there is none


def parse_names(names: Sequence[str]) -> Mapping[str, NameOutcome]:
    """Each distinct name's SMILES from OPSIN, or the reason it failed; one JVM for all of them.

    py2opsin reports unparsable names as a RuntimeWarning; the warnings are captured here and
    turned into one reason per name, so nothing leaks to the caller's warning filters.
    """
    distinct = list(dict.fromkeys(n for n in names if n.strip()))
    if not distinct:
        return {}
    bad = {n: NameFailure("a name must be one line") for n in distinct if "\n" in n or "\r" in n}
    good = [n for n in distinct if n not in bad]
    return {**bad, **_run_opsin(good)} if good else bad


def _run_opsin(names: list[str]) -> dict[str, NameOutcome]:
    with warnings.catch_warnings(record=True) as caught, tempfile.TemporaryDirectory() as tmp:
        warnings.simplefilter("always")
        try:
            from py2opsin import py2opsin

            output = py2opsin(names, tmp_fpath=str(Path(tmp) / "names.txt"))
        except OSError as exc:  # no java on PATH
            reason = f"OPSIN could not run (is Java installed?): {exc}"
            return {n: NameFailure(reason) for n in names}
        except TypeError:  # py2opsin 1.x reports a JVM that failed by adding str + exception
            reason = "OPSIN could not run: Java failed to start (out of memory?)"
            return {n: NameFailure(reason) for n in names}
    log = "\n".join(str(w.message) for w in caught)
    if not isinstance(output, list) or len(output) != len(names):
        reason = "OPSIN failed on this batch" + (f": {_first_line(log)}" if log else "")
        return {n: NameFailure(reason) for n in names}
    return {
        name: smiles if smiles else NameFailure(_reason_for(name, log))
        for name, smiles in zip(names, output, strict=True)
    }


def _reason_for(name: str, log: str) -> str:
    for line in log.splitlines():
        text = line.lstrip(" >")
        if text.startswith(f"{name} is unparsable"):
            return "OPSIN: " + text.split(" The following was not parseable", 1)[0]
    return f"OPSIN could not interpret the name {name!r}"


def _first_line(text: str) -> str:
    return text.strip().splitlines()[0] if text.strip() else ""
