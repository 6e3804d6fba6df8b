"""Screen substances: identify -> standardise -> registry -> class rules -> precursor alerts.

The hot path is built for customs feeds of millions of lines: a molecule gets one SMILES parse,
a molecular-formula look-up against the registry and one SMARTS prefilter. Only candidates (a
registry formula, or a piperidine the rules could read), salts and mixtures get standardised,
a canonical SMILES, an InChIKey and the full reading of the rules; without `full_identity`
other rows echo their input SMILES as `resolved.smiles` and carry no InChIKey.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from functools import cache

from rdkit import Chem
from rdkit.Chem.rdMolDescriptors import CalcMolFormula

from counterpart.chemistry.designer import find_designer_relatives
from counterpart.chemistry.fentanyl_class import apply_cn_frs, apply_us_frs
from counterpart.chemistry.findings import OUTCOME_RANK
from counterpart.chemistry.identify import Identified, identify, kind_of, looks_like_name
from counterpart.chemistry.opsin import NameOutcome, parse_names
from counterpart.chemistry.precursor_class import (
    apply_us_4ap_wording,
    apply_us_piperidone_wording,
)
from counterpart.chemistry.registry import Registry, load_registry
from counterpart.chemistry.skeleton import passes_prefilter
from counterpart.chemistry.standardize import (
    Standardized,
    may_be_charged,
    standardize,
    to_inchikey,
)
from counterpart.chemistry.verdicts import Facts, decide, most_severe
from counterpart.domain.errors import CounterpartError, InvalidInput
from counterpart.domain.messages import N_, Message, english_of, message
from counterpart.domain.substances import (
    Family,
    InputKind,
    Jurisdiction,
    RegistryEntry,
    Resolved,
    ScreeningResult,
    Status,
    Verdict,
)

Mol = Chem.Mol
NameResolver = Callable[[Sequence[str]], Mapping[str, NameOutcome]]

ALL_JURISDICTIONS = (Jurisdiction.US, Jurisdiction.CN, Jurisdiction.UN, Jurisdiction.EU)


@dataclass(frozen=True, slots=True)
class _Prepared:
    id: str
    query: str
    kind: InputKind | None = None
    mol: Mol | None = None
    error: Message | str | None = None


class Screener:
    """Screens batches against one registry; build it once and reuse it."""

    def __init__(self, registry: Registry, resolve_names: NameResolver = parse_names) -> None:
        self.registry = registry
        self._resolve_names = resolve_names
        self._formulas: dict[str, list[RegistryEntry]] = {}
        for entry in registry.entries:
            mol = Chem.MolFromSmiles(entry.smiles)
            if mol is not None:
                self._formulas.setdefault(CalcMolFormula(mol), []).append(entry)

    def screen(
        self,
        queries: Iterable[tuple[str, str]],
        jurisdictions: Sequence[Jurisdiction] = ALL_JURISDICTIONS,
        on: date | None = None,
        *,
        full_identity: bool = False,
    ) -> list[ScreeningResult]:
        """One result per (id, query), in order; names go to OPSIN together, one JVM."""
        day = on or date.today()
        prepared = [self._prepare(qid, query) for qid, query in queries]
        pending = [p.query.strip() for p in prepared if p.kind is InputKind.NAME]
        unknown = [n for n in pending if self.registry.by_name(n) is None]
        names = self._resolve_names(unknown) if unknown else {}
        return [self._finish(p, names, tuple(jurisdictions), day, full_identity) for p in prepared]

    def _prepare(self, qid: str, query: str) -> _Prepared:
        try:
            kind = kind_of(query, self.registry)
        except CounterpartError as exc:
            return _Prepared(qid, query, error=exc.said or exc.message)
        if kind is not InputKind.SMILES:
            return _Prepared(qid, query, kind)
        mol = Chem.MolFromSmiles(query.strip())
        if mol is None and looks_like_name(query.strip()):
            return _Prepared(qid, query, InputKind.NAME)
        return _Prepared(qid, query, kind, mol)

    def _finish(
        self,
        prepared: _Prepared,
        names: Mapping[str, NameOutcome],
        jurisdictions: tuple[Jurisdiction, ...],
        on: date,
        full_identity: bool,
    ) -> ScreeningResult:
        try:
            identified = self._identify(prepared, names)
            return self._screen_identified(prepared, identified, jurisdictions, on, full_identity)
        except CounterpartError as exc:
            return unresolved_result(
                prepared.id, prepared.query, exc.said or exc.message, jurisdictions, prepared.kind
            )
        except Exception as exc:  # noqa: BLE001
            # The outermost edge of one row: an RDKit failure on a strange molecule must not
            # stop the batch; the row is reported unresolved with the reason.
            reason = f"internal error while screening: {type(exc).__name__}: {exc}"
            return unresolved_result(
                prepared.id, prepared.query, reason, jurisdictions, prepared.kind
            )

    def _identify(self, prepared: _Prepared, names: Mapping[str, NameOutcome]) -> Identified:
        if prepared.error is not None:
            raise InvalidInput(prepared.error)
        assert prepared.kind is not None
        if prepared.mol is not None:
            return Identified(prepared.kind, prepared.mol, charged=may_be_charged(prepared.query))
        return identify(prepared.query, prepared.kind, self.registry, names)

    def _screen_identified(
        self,
        prepared: _Prepared,
        identified: Identified,
        jurisdictions: tuple[Jurisdiction, ...],
        on: date,
        full_identity: bool,
    ) -> ScreeningResult:
        if not full_identity and _is_plain_smiles(identified, prepared.query):
            plain, candidate_key = self._examine(identified.mol)
            if not candidate_key:  # not a candidate: nothing to identify further or flag
                verdicts = tuple(decide(plain, j, on, self.registry) for j in jurisdictions)
                resolved = Resolved(smiles=prepared.query.strip(), inchikey="")
                return ScreeningResult(
                    prepared.id, prepared.query, identified.kind, resolved, None, verdicts
                )
        standardized = standardize(identified.mol, charged=identified.charged)
        examined = [self._examine(component) for component in standardized.components]
        facts = [f for f, _ in examined]
        key = examined[0][1] or (to_inchikey(standardized.parent) if full_identity else "")
        name = identified.name or (facts[0].entry.name if facts[0].entry else None)
        verdicts = tuple(self._verdict(standardized, facts, j, on) for j in jurisdictions)
        resolved = Resolved(smiles=standardized.smiles, inchikey=key, name=name)
        return ScreeningResult(
            prepared.id, prepared.query, identified.kind, resolved, None, verdicts
        )

    def _examine(self, mol: Mol) -> tuple[Facts, str]:
        """The facts about one component, and its InChIKey when it was worth computing."""
        candidates = self._formulas.get(CalcMolFormula(mol))
        skeleton = passes_prefilter(mol)
        if not candidates and not skeleton:
            return Facts(mol), ""
        key = to_inchikey(mol)
        entry, exact = self._lookup(key) if candidates else (None, True)
        if not skeleton:
            return Facts(mol, entry, exact), key
        class_findings = tuple(
            (rule_jurisdiction, finding)
            for rule_jurisdiction, finding in (
                (Jurisdiction.US, apply_us_frs(mol)),
                (Jurisdiction.CN, apply_cn_frs(mol)),
            )
            if finding is not None
        )
        wording = [f for f in (apply_us_4ap_wording(mol), apply_us_piperidone_wording(mol)) if f]
        wording.sort(key=lambda f: OUTCOME_RANK[f.outcome], reverse=True)
        designer = find_designer_relatives(mol)
        return Facts(mol, entry, exact, class_findings, tuple(wording), designer), key

    def _lookup(self, key: str) -> tuple[RegistryEntry | None, bool]:
        entry = self.registry.by_inchikey(key)
        if entry is not None:
            return entry, True
        isomers = self.registry.by_skeleton(key)
        return (isomers[0], False) if isomers else (None, True)

    def _verdict(
        self, standardized: Standardized, facts: list[Facts], jurisdiction: Jurisdiction, on: date
    ) -> Verdict:
        if len(facts) == 1:
            only = decide(facts[0], jurisdiction, on, self.registry)
            if not only.status.is_flagged:
                return only  # the hot path: nothing to renumber or explain
        verdicts = [decide(f, jurisdiction, on, self.registry) for f in facts]
        chosen = most_severe(verdicts)
        index = verdicts.index(chosen)
        if chosen.matched_atoms and chosen.status.is_flagged:
            atoms = standardized.to_output_atoms(index, chosen.matched_atoms)
            chosen = replace(chosen, matched_atoms=atoms)
        else:
            chosen = replace(chosen, matched_atoms=())
        if len(facts) > 1 and chosen.status.is_flagged:
            smiles = Chem.MolToSmiles(standardized.components[index])
            said = message(
                N_("Component %(smiles)s: %(explanation)s"),
                smiles=smiles,
                explanation=chosen.message or chosen.explanation,
            )
            chosen = replace(chosen, explanation=said.english(), message=said)
        return chosen


def unresolved_result(
    qid: str,
    query: str,
    reason: Message | str,
    jurisdictions: Sequence[Jurisdiction],
    kind: InputKind | None = None,
) -> ScreeningResult:
    """A row that could not be identified: `unresolved` everywhere, never "not controlled"."""
    said = message(
        N_("Unresolved: %(reason)s. The substance was not screened; it is not cleared."),
        reason=reason,
    )
    text = said.english()
    verdicts = tuple(
        Verdict(j, Status.UNRESOLVED, Family.NONE, text, message=said) for j in jurisdictions
    )
    error_message = reason if isinstance(reason, Message) else None
    return ScreeningResult(
        qid, query, kind, None, english_of(reason), verdicts, error_message=error_message
    )


def _is_plain_smiles(identified: Identified, query: str) -> bool:
    """A SMILES of one neutral molecule: the bulk path may echo it instead of canonicalising."""
    return identified.kind is InputKind.SMILES and not identified.charged and "." not in query


@cache
def default_screener() -> Screener:
    """The screener over the packaged registry, built once per process."""
    return Screener(load_registry())


def screen_substance(
    query: str,
    jurisdictions: Sequence[Jurisdiction] = ALL_JURISDICTIONS,
    on: date | None = None,
    *,
    screener: Screener | None = None,
) -> ScreeningResult:
    """Screen one query (SMILES, InChI, InChIKey, molfile, CAS number or name)."""
    engine = screener or default_screener()
    return engine.screen([("1", query)], jurisdictions, on, full_identity=True)[0]


def screen_substances(
    queries: Iterable[tuple[str, str]],
    jurisdictions: Sequence[Jurisdiction] = ALL_JURISDICTIONS,
    on: date | None = None,
    *,
    screener: Screener | None = None,
    full_identity: bool = False,
) -> list[ScreeningResult]:
    """Screen a batch of (id, query) pairs; bad rows come back unresolved with their reason."""
    engine = screener or default_screener()
    return engine.screen(queries, jurisdictions, on, full_identity=full_identity)
