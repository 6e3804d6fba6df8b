"""Typed identifiers, dates and links extracted from the free-text remarks of a list entry.

OFAC writes remarks as `;`-separated clauses: `DOB 11 Jun 1983; POB China; Passport G31920875
(China) issued 24 Oct 2008; Digital Currency Address - XBT 17ezu...; Chinese Commercial Code
6774 4395 2529; Linked To: CEC LIMITED.`. Each known clause becomes a typed field (FtM
property names); unknown clauses stay in the remarks text only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from stdnum.cn import ric, uscc
from stdnum.exceptions import ValidationError

from counterpart.domain.parties import Identifier

# Labels as OFAC writes them -> FtM property name. Longest labels first, so that
# "Diplomatic Passport" wins over "Passport".
LABELS: tuple[tuple[str, str], ...] = (
    ("Unified Social Credit Code (USCC)", "uscCode"),
    ("Diplomatic Passport", "passportNumber"),
    ("Passport", "passportNumber"),
    ("National ID No.", "idNumber"),
    ("Citizen's Card Number", "idNumber"),
    ("Identification Number", "idNumber"),
    ("Personal ID Card", "idNumber"),
    ("Cedula No.", "idNumber"),
    ("C.U.R.P.", "idNumber"),
    ("D.N.I.", "idNumber"),
    ("SSN", "idNumber"),
    ("Registration ID", "registrationNumber"),
    ("Registration Number", "registrationNumber"),
    ("Company Number", "registrationNumber"),
    ("Commercial Registry Number", "registrationNumber"),
    ("Business Registration Document #", "registrationNumber"),
    ("Chamber of Commerce Number", "registrationNumber"),
    ("Trade License No.", "registrationNumber"),
    ("C.R. No.", "registrationNumber"),
    ("Folio Mercantil No.", "registrationNumber"),
    ("Matricula Mercantil No", "registrationNumber"),
    ("Government Gazette Number", "registrationNumber"),
    ("Tax ID No.", "taxNumber"),
    ("NIT #", "taxNumber"),
    ("R.F.C.", "taxNumber"),
    ("RFC", "taxNumber"),
    ("RUC #", "taxNumber"),
    ("RIF #", "taxNumber"),
    ("V.A.T. Number", "vatCode"),
    ("Italian Fiscal Code", "taxNumber"),
    ("US FEIN", "taxNumber"),
    ("D-U-N-S Number", "dunsCode"),
    ("SWIFT/BIC", "swiftBic"),
    ("Vessel Registration Identification IMO", "imoNumber"),
    ("MMSI", "mmsi"),
    ("Email Address", "email"),
    ("Email:", "email"),
    ("Phone Number", "phone"),
    ("Telephone No.", "phone"),
    ("Phone No.", "phone"),
    ("Website", "website"),
)
LABEL_RE = re.compile(
    r"(?P<label>"
    + "|".join(re.escape(label) for label, _ in sorted(LABELS, key=lambda x: -len(x[0])))
    + r")\s*(?P<rest>.+)"
)
KIND_OF = dict(LABELS)
CRYPTO_RE = re.compile(r"Digital Currency Address - (?P<currency>[A-Z0-9]+)\s+(?P<address>\S+)")
COUNTRY_RE = re.compile(r"^(?P<value>.+?)\s*\((?P<country>[^()]+)\)(?:\s.*)?$")
CCC_RE = re.compile(r"Chinese Commercial Code\s+(?P<codes>\d{4}(?:\s+\d{4})*)")
WEAK_ALIAS_RE = re.compile(r"[afn]\.k\.a\.,?\s+'(?P<name>[^']+)'?")
PREFIXES = (
    ("DOB ", "birthDate"),
    ("POB ", "birthPlace"),
    ("Gender ", "gender"),
    ("nationality ", "nationality"),
    ("citizen ", "nationality"),
    ("Linked To:", "linkedTo"),
)
ABBREVIATION_END = re.compile(
    r"(?:\b(?:LTD|INC|CO|CORP|LLC|JSC|GMBH|S\.?A|S\.?A\.?S|C\.?V|B\.?V|N\.?V|S\.?L|S\.?R\.?L)"
    r"|\b[A-Z]\.[A-Z])\.$",
    re.IGNORECASE,
)
ALT_PREFIX = re.compile(r"^alt\.\s+")
CHINA = {"china", "cn"}


@dataclass(frozen=True, slots=True)
class RemarkFacts:
    """What the remarks of one entry state, typed."""

    identifiers: tuple[Identifier, ...] = ()
    birth_dates: tuple[str, ...] = ()
    birth_places: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()  # nationality and citizenship
    telegraph_codes: tuple[str, ...] = ()  # "6774 4395 2529", one per name
    linked_to: tuple[str, ...] = ()
    gender: tuple[str, ...] = ()
    weak_aliases: tuple[str, ...] = ()  # OFAC's low-quality a.k.a.s, absent from alt.csv


def split_clauses(remarks: str) -> list[str]:
    """The `;`-separated clauses, without the final period or an `alt.` prefix."""
    text = remarks.strip()
    # OFAC ends remarks with one period, merged with a final "LTD." or "S.A.": keep those.
    if text.endswith(".") and not ABBREVIATION_END.search(text):
        text = text[:-1]
    return [ALT_PREFIX.sub("", part.strip()) for part in text.split(";") if part.strip()]


def extract_remarks(remarks: str) -> RemarkFacts:
    """Typed facts from OFAC-style remarks; clauses it does not know are ignored here."""
    found: dict[str, list[str]] = {}
    identifiers: list[Identifier] = []
    for clause in split_clauses(remarks):
        fact = classify_clause(clause)
        if isinstance(fact, Identifier):
            identifiers.append(fact)
        elif fact is not None:
            key, values = fact
            found.setdefault(key, []).extend(values)
    return RemarkFacts(
        identifiers=tuple(dict.fromkeys(identifiers)),
        birth_dates=tuple(dict.fromkeys(found.pop("birthDate", []))),
        birth_places=tuple(found.pop("birthPlace", [])),
        countries=tuple(dict.fromkeys(found.pop("nationality", []))),
        telegraph_codes=tuple(found.pop("chineseCommercialCode", [])),
        linked_to=tuple(found.pop("linkedTo", [])),
        gender=tuple(found.pop("gender", [])),
        weak_aliases=tuple(dict.fromkeys(found.pop("weakAlias", []))),
    )


def classify_clause(clause: str) -> Identifier | tuple[str, list[str]] | None:
    """One clause as an identifier, as (fact, values), or None when it is not a known kind."""
    if crypto := CRYPTO_RE.fullmatch(clause):
        return Identifier("publicKey", crypto["address"], currency=crypto["currency"])
    if ccc := CCC_RE.fullmatch(clause):
        return "chineseCommercialCode", [" ".join(ccc["codes"].split())]
    if weak := WEAK_ALIAS_RE.fullmatch(clause):
        return "weakAlias", [weak["name"].strip()]
    if labelled := LABEL_RE.fullmatch(clause):
        return to_identifier(KIND_OF[labelled["label"]], labelled["rest"])
    return classify_fact(clause)


def classify_fact(clause: str) -> tuple[str, list[str]] | None:
    """A `PREFIX value` clause (DOB, POB, Gender, nationality, citizen, Linked To) as a fact."""
    for prefix, key in PREFIXES:
        if clause.startswith(prefix):
            value = clause[len(prefix) :].strip()
            return key, to_iso_dates(value) if key == "birthDate" else [value]
    return None


def to_identifier(kind: str, rest: str) -> Identifier:
    """An identifier from the text after its label: `G31920875 (China) issued ...`."""
    value, country = rest.strip(), None
    if match := COUNTRY_RE.match(value):
        value, country = match["value"].strip(), match["country"].strip()
    return Identifier(kind, value, country=country, valid=check_identifier(kind, value, country))


def check_identifier(kind: str, value: str, country: str | None) -> bool | None:
    """The checksum verdict where python-stdnum has one (USCC, Chinese resident ID)."""
    if kind == "uscCode":
        return bool(uscc.is_valid(value))
    if kind == "idNumber" and country is not None and country.lower() in CHINA:
        return is_resident_id(value)
    return None


def is_resident_id(value: str) -> bool | None:
    """Check digit and birth date of an 18-character Chinese resident ID; None if not one.

    `ric.is_valid` also checks the birth-place code against stdnum's dated county table,
    which rejects 17 real SDN IDs with a correct check digit (codes renamed since issue)
    and raises KeyError on one; a place code is not a checksum, so it is not checked here.
    """
    compact = ric.compact(value)
    if len(compact) != 18 or not compact[:17].isdigit():
        return None
    try:
        ric.get_birth_date(compact)
    except ValidationError:
        return False
    return bool(ric.calc_check_digit(compact) == compact[-1])


def to_iso_dates(text: str) -> list[str]:
    """OFAC dates ("11 Jun 1983", "Jun 1983", "1983", "circa 1960", "1960 to 1962") as ISO.

    Partial dates stay partial ("1983-06", "1983"); a range gives both ends; text that is
    not a date gives nothing (it stays readable in the remarks).
    """
    text = text.removeprefix("circa ").strip()
    dates: list[str] = []
    for part in text.split(" to "):
        iso = to_iso_date(part.strip())
        if iso is not None:
            dates.append(iso)
    return dates


def to_iso_date(text: str) -> str | None:
    """One OFAC date as an ISO date or partial date, or None when it is not one."""
    for pattern, iso in (("%d %b %Y", "%Y-%m-%d"), ("%b %Y", "%Y-%m"), ("%Y", "%Y")):
        try:
            return datetime.strptime(text, pattern).strftime(iso)
        except ValueError:
            continue
    return None


def identifier_from_label(label: str, value: str, country: str | None = None) -> Identifier | None:
    """An identifier from a label and value given apart (the CSL `ids` column), or None.

    None means the label is not an identifier kind (sanctions notes share that column).
    """
    label = label.strip().rstrip(" -")
    if crypto := CRYPTO_RE.fullmatch(f"{label} {value}"):
        return Identifier("publicKey", crypto["address"], currency=crypto["currency"])
    if label == "Vessel Registration Identification":
        return Identifier("imoNumber", value.removeprefix("IMO").strip(), country=country)
    kind = KIND_OF.get(label) or KIND_OF.get(f"{label}.")
    if kind is None:
        return None
    value = value.strip()
    return Identifier(kind, value, country=country, valid=check_identifier(kind, value, country))
