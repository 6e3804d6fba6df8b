"""Identify a query: which kind of text it is, and the molecule or registry entry it names.

SMILES, InChI and molfiles are parsed; an InChIKey and a CAS number are looked up in the
registry (neither can be turned into a structure); names are looked up among the registry's
names and synonyms first, then given to OPSIN. Anything that cannot be identified raises
InvalidInput with the reason, so that it becomes `unresolved`, never "not controlled".
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from rdkit import Chem
from rdkit.Chem import rdinchi

from counterpart.chemistry.opsin import NameFailure, NameOutcome
from counterpart.chemistry.rdkit_log import capture_rdkit_errors
from counterpart.chemistry.registry import Registry, validate_cas
from counterpart.chemistry.standardize import may_be_charged
from counterpart.domain.errors import InvalidInput, PayloadTooLarge
from counterpart.domain.messages import N_, message
from counterpart.domain.substances import InputKind, RegistryEntry

Mol = Chem.Mol

MAX_MOLFILE_BYTES = 1024 * 1024  # a molfile of one molecule is a few kB; 1 MiB is generous
MAX_LINE_CHARS = 20_000  # a SMILES, InChI or name longer than this is not a declaration

_INCHIKEY = re.compile(r"^[A-Z]{14}-[A-Z]{10}-[A-Z]$")
_CAS = re.compile(r"^\d{2,7}-\d{2}-\d$")
_SMILES_CHARS = re.compile(r"^[A-Za-z0-9@+\-\[\]()=#$%/\\.:*~]+$")
_SMILES_LETTERS = frozenset("BCNOPSFIHbcnopsl r")  # letters SMILES uses outside brackets
_BRACKETS = re.compile(r"\[[^\]]*\]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffd]")


@dataclass(frozen=True, slots=True)
class Identified:
    """What a query was identified as: a molecule, and the registry entry when one was named."""

    kind: InputKind
    mol: Mol
    entry: RegistryEntry | None = None
    name: str | None = None
    charged: bool = True  # whether the molecule may carry charges (False skips neutralising)


def kind_of(query: str, registry: Registry) -> InputKind:
    """Which kind of text the query is; InvalidInput for empty, binary or oversized text."""
    _check_text(query)
    text = query.strip()
    if "M  END" in text or ("\n" in text and ("V2000" in text or "V3000" in text)):
        return InputKind.MOLFILE
    if "\n" in text or "\r" in text:
        text = N_("a query must be one line (or a whole molfile ending in 'M  END')")
        raise InvalidInput(message(text))
    if len(text) > MAX_LINE_CHARS:
        said = N_("query of %(count)s characters is over %(limit)s")
        raise PayloadTooLarge(message(said, count=len(text), limit=MAX_LINE_CHARS))
    if text.startswith("InChI="):
        return InputKind.INCHI
    if _INCHIKEY.match(text):
        return InputKind.INCHIKEY
    if _CAS.match(text):
        return InputKind.CAS
    if registry.by_name(text) is not None or not _SMILES_CHARS.match(text):
        return InputKind.NAME
    return InputKind.SMILES


def _check_text(query: str) -> None:
    if not query.strip():
        raise InvalidInput(message(N_("empty query")))
    size = (
        len(query) if len(query) * 4 <= MAX_MOLFILE_BYTES else len(query.encode(errors="replace"))
    )
    if size > MAX_MOLFILE_BYTES:
        text = N_("query of %(size)s bytes is over the %(limit)s-byte limit")
        raise PayloadTooLarge(message(text, size=f"{size:,}", limit=f"{MAX_MOLFILE_BYTES:,}"))
    found = _CONTROL.search(query)
    if found:
        text = N_("binary data, not text (control or undecodable byte at character %(position)s)")
        raise InvalidInput(message(text, position=found.start() + 1))


def looks_like_name(text: str) -> bool:
    """Whether text that failed as SMILES reads as a word (letters SMILES never uses)."""
    bare = _BRACKETS.sub("", text)
    return " " in text or any(c.isalpha() and c not in _SMILES_LETTERS for c in bare)


def parse_smiles(text: str) -> Mol:
    """RDKit's molecule for a SMILES; InvalidInput with RDKit's own reason when it fails."""
    mol = Chem.MolFromSmiles(text)
    if mol is not None:
        return mol
    _, reason = capture_rdkit_errors(lambda: Chem.MolFromSmiles(text))
    why = reason or message(N_("RDKit could not parse it"))
    raise InvalidInput(message(N_("not a valid SMILES: %(reason)s"), reason=why))


def identify(
    query: str, kind: InputKind, registry: Registry, names: Mapping[str, NameOutcome]
) -> Identified:
    """The molecule (and registry entry) a query of `kind` names; InvalidInput if none."""
    text = query.strip()
    if kind is InputKind.SMILES:
        return Identified(kind, parse_smiles(text), charged=may_be_charged(text))
    if kind is InputKind.MOLFILE:
        return Identified(kind, _parse_molfile(query))
    if kind is InputKind.INCHI:
        return Identified(kind, parse_inchi(text))
    if kind is InputKind.INCHIKEY:
        return _from_entry(kind, _entry_for_inchikey(text, registry))
    if kind is InputKind.CAS:
        return _from_cas(text, registry)
    return _from_name(text, registry, names)


def _parse_molfile(query: str) -> Mol:
    mol, reason = capture_rdkit_errors(lambda: Chem.MolFromMolBlock(query))
    if mol is None or mol.GetNumAtoms() == 0:
        why = reason or message(N_("RDKit could not read it"))
        raise InvalidInput(message(N_("not a valid molfile: %(reason)s"), reason=why))
    found: Mol = mol
    return found


def parse_inchi(text: str) -> Mol:
    """RDKit's molecule for an InChI; InvalidInput with the InChI library's reason."""
    mol, _code, said, log = rdinchi.InchiToMol(text, True, True)
    if mol is None or mol.GetNumAtoms() == 0:
        lines = [line for line in f"{said}\n{log}".splitlines() if line.strip()]
        why = lines[-1] if lines else message(N_("InChI could not read it"))
        raise InvalidInput(message(N_("not a valid InChI: %(reason)s"), reason=why))
    result: Mol = mol
    return result


def _from_entry(kind: InputKind, entry: RegistryEntry, name: str | None = None) -> Identified:
    mol = Chem.MolFromSmiles(entry.smiles)
    if mol is None:  # the registry validates its SMILES; this would be a corrupt data file
        raise InvalidInput(f"registry entry {entry.id!r} has an unreadable SMILES")
    return Identified(kind, mol, entry=entry, name=name or entry.name)


def _entry_for_inchikey(key: str, registry: Registry) -> RegistryEntry:
    entry = registry.by_inchikey(key)
    if entry is None:
        isomers = registry.by_skeleton(key)
        entry = isomers[0] if isomers else None
    if entry is None:
        text = N_(
            "InChIKey %(key)s is not in the registry; an InChIKey cannot be turned into a "
            "structure, so give a SMILES, InChI or molfile"
        )
        raise InvalidInput(message(text, key=key))
    return entry


def _from_cas(text: str, registry: Registry) -> Identified:
    cas = validate_cas(text)
    entry = registry.by_cas(cas)
    if entry is None:
        text = N_(
            "CAS %(cas)s is valid but not in the registry; a CAS number is looked up, not "
            "converted, so give a structure or a name"
        )
        raise InvalidInput(message(text, cas=cas))
    return _from_entry(InputKind.CAS, entry)


def _from_name(text: str, registry: Registry, names: Mapping[str, NameOutcome]) -> Identified:
    entry = registry.by_name(text)
    if entry is not None:
        return _from_entry(InputKind.NAME, entry)
    outcome = names.get(text)
    if outcome is None:
        raise InvalidInput(f"the name {text!r} was not given to OPSIN")
    if isinstance(outcome, NameFailure):
        text = N_("unknown name: not in the registry, and %(reason)s")
        raise InvalidInput(message(text, reason=outcome.reason))
    mol = Chem.MolFromSmiles(outcome)
    if mol is None:
        raise InvalidInput(f"OPSIN read {text!r} as {outcome!r}, which RDKit cannot parse")
    return Identified(InputKind.NAME, mol, name=text)
