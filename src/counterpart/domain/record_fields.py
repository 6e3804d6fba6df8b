"""Strict reading and checking of record content fields: text, dates, decimals, links.

`ContentReader` walks one JSON object, refuses unknown keys and wrong types, and names the
JSON path of anything wrong (`$.content.substances[1].quantity`). The `check_*` functions hold
the value rules the dataclasses apply in `__post_init__`, however they are built.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any, TypeVar

from counterpart.domain.errors import InvalidInput
from counterpart.domain.messages import N_, Term, message
from counterpart.domain.record_vocabulary import to_term

T = TypeVar("T")
V = TypeVar("V", bound=StrEnum)

SHORT_TEXT = 300
LONG_TEXT = 4000
MAX_ITEMS = 100
# How a refusal names the JSON type a field needed (a `json_type` term: the UI translates it).
_JSON_TYPE: dict[type, str] = {
    str: "text",
    int: "an integer",
    float: "a number",
    bool: "true or false",
    list: "a list",
    dict: "an object",
}
_DECIMAL = re.compile(r"-?\d{1,15}(\.\d{1,6})?")
_COUNTRY = re.compile(r"[A-Z]{2}")
_PARTY_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
_HEX64 = re.compile(r"[0-9a-f]{64}")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def check_text(value: str, where: str, *, limit: int = SHORT_TEXT, empty: bool = False) -> str:
    """Refuse text that is not valid UTF-8, holds control characters, or is empty/too long."""
    if not isinstance(value, str):
        raise InvalidInput(message(N_("must be text")), where=where)
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        said = message(N_("text is not valid UTF-8 (character %(at)s)"), at=exc.start)
        raise InvalidInput(said, where=where) from exc
    if _CONTROL.search(value):
        raise InvalidInput(message(N_("text holds a control character")), where=where)
    if not empty and not value.strip():
        raise InvalidInput(message(N_("must not be empty")), where=where)
    if len(value) > limit:
        said = message(
            N_("text is %(count)s characters; at most %(limit)s"), count=len(value), limit=limit
        )
        raise InvalidInput(said, where=where)
    return value


def check_quantity(value: str, where: str) -> str:
    """A quantity is a positive decimal string (up to 15 digits and 6 decimals), never a float."""
    if not isinstance(value, str) or not _DECIMAL.fullmatch(value):
        said = message(
            N_("quantity %(value)s is not a decimal string like '25.5'"), value=repr(value)
        )
        raise InvalidInput(said, where=where)
    try:
        amount = Decimal(value)
    except InvalidOperation as exc:  # pragma: no cover - the pattern already excludes it
        said = message(N_("quantity %(value)s is not a number"), value=repr(value))
        raise InvalidInput(said, where=where) from exc
    if amount <= 0:
        said = message(N_("quantity %(value)s must be greater than zero"), value=value)
        raise InvalidInput(said, where=where)
    return value


def check_country(value: str, where: str) -> str:
    if not isinstance(value, str) or not _COUNTRY.fullmatch(value):
        said = message(N_("country %(value)s is not an ISO 3166 alpha-2 code"), value=repr(value))
        raise InvalidInput(said, where=where)
    return value


def check_party_id(value: str, where: str) -> str:
    if not isinstance(value, str) or not _PARTY_ID.fullmatch(value):
        said = message(N_("party id %(value)s is not 1-64 letters, digits, ._-"), value=repr(value))
        raise InvalidInput(said, where=where)
    return value


def check_sha256(value: str, where: str) -> str:
    if not isinstance(value, str) or not _HEX64.fullmatch(value):
        raise InvalidInput(message(N_("must be 64 lowercase hex digits")), where=where)
    return value


def check_order(earlier: tuple[str, date], later: tuple[str, date], where: str) -> None:
    """Refuse two dates in the wrong order, naming both: `later` may not precede `earlier`.

    The names are msgids (`N_("the dispatch date")`), so the refusal reads in each language."""
    (first_name, first), (second_name, second) = earlier, later
    if second < first:
        said = message(
            N_("%(later)s %(later_date)s is before %(earlier)s %(earlier_date)s"),
            later=message(second_name),
            later_date=second.isoformat(),
            earlier=message(first_name),
            earlier_date=first.isoformat(),
        )
        raise InvalidInput(said, where=where)


@dataclass(frozen=True, slots=True)
class RecordLink:
    """A record of either party: whose log holds it, its index there, and its leaf hash."""

    author: str
    log_index: int
    leaf_hash: str

    def __post_init__(self) -> None:
        check_party_id(self.author, "author")
        if not isinstance(self.log_index, int) or not 0 <= self.log_index <= 2**53 - 1:
            said = message(N_("log index %(index)s is out of range"), index=repr(self.log_index))
            raise InvalidInput(said, where="log_index")
        check_sha256(self.leaf_hash, "leaf_hash")

    def to_content(self) -> dict[str, Any]:
        return {"author": self.author, "log_index": self.log_index, "leaf_hash": self.leaf_hash}

    @classmethod
    def from_content(cls, value: Any, where: str) -> RecordLink:
        reader = ContentReader(value, where)
        return reader.build(
            cls,
            author=reader.text("author"),
            log_index=reader.integer("log_index"),
            leaf_hash=reader.text("leaf_hash"),
        )


class ContentReader:
    """Reads one JSON object strictly; `build` refuses keys that were never read."""

    def __init__(self, value: Any, where: str) -> None:
        if not isinstance(value, Mapping):
            raise InvalidInput(message(N_("must be a JSON object")), where=where)
        self.value = value
        self.where = where
        self._read: set[str] = set()

    def path(self, key: str) -> str:
        return f"{self.where}.{key}"

    def _get(self, key: str, required: bool) -> Any:
        self._read.add(key)
        if key not in self.value or self.value[key] is None:
            if required:
                raise InvalidInput(message(N_("is required")), where=self.path(key))
            return None
        return self.value[key]

    def _typed(self, key: str, kind: type[T], required: bool) -> T | None:
        item = self._get(key, required)
        if item is None:
            return None
        if not isinstance(item, kind) or (kind is int and isinstance(item, bool)):
            needed = Term("json_type", _JSON_TYPE.get(kind, kind.__name__))
            said = message(N_("must be %(kind)s"), kind=needed)
            raise InvalidInput(said, where=self.path(key))
        return item

    def text(self, key: str, *, limit: int = SHORT_TEXT) -> str:
        item = self._typed(key, str, True)
        assert item is not None
        return check_text(item, self.path(key), limit=limit)

    def optional_text(self, key: str, *, limit: int = SHORT_TEXT) -> str | None:
        item = self._typed(key, str, False)
        return None if item is None else check_text(item, self.path(key), limit=limit, empty=True)

    def integer(self, key: str) -> int:
        item = self._typed(key, int, True)
        assert item is not None
        return item

    def boolean(self, key: str, default: bool = False) -> bool:
        item = self._typed(key, bool, False)
        return default if item is None else item

    def date(self, key: str) -> dt.date:
        item = self.optional_date(key)
        if item is None:
            raise InvalidInput(message(N_("is required")), where=self.path(key))
        return item

    def optional_date(self, key: str) -> dt.date | None:
        item = self._typed(key, str, False)
        if item is None:
            return None
        return to_date(item, self.path(key))

    def term(self, key: str, vocabulary: type[V]) -> V:
        return to_term(vocabulary, self._get(key, True), self.path(key))

    def link(self, key: str) -> RecordLink:
        return RecordLink.from_content(self._get(key, True), self.path(key))

    def optional_link(self, key: str) -> RecordLink | None:
        item = self._get(key, False)
        return None if item is None else RecordLink.from_content(item, self.path(key))

    def child(self, key: str) -> tuple[Any, str]:
        return self._get(key, True), self.path(key)

    def optional(self, key: str) -> Any:
        """The raw value of an optional member (None when absent), marked as read."""
        return self._get(key, False)

    def items(self, key: str, *, required: bool = False) -> Iterator[tuple[Any, str]]:
        """The elements of a list with their paths; a missing optional list is empty."""
        listed = self._typed(key, list, required) or []
        if len(listed) > MAX_ITEMS:
            said = message(
                N_("%(count)s items; at most %(limit)s"), count=len(listed), limit=MAX_ITEMS
            )
            raise InvalidInput(said, where=self.path(key))
        for index, item in enumerate(listed):
            yield item, f"{self.path(key)}[{index}]"

    def texts(self, key: str, *, limit: int = LONG_TEXT) -> tuple[str, ...]:
        return tuple(check_text(item, where, limit=limit) for item, where in self.items(key))

    def build(self, factory: Callable[..., T], **fields: Any) -> T:
        """Call `factory`, after refusing unknown keys; its errors get this object's path."""
        unknown = sorted(set(self.value) - self._read)
        if unknown:
            raise InvalidInput(
                message(N_("unknown fields %(names)s"), names=str(unknown)), where=self.where
            )
        return build_at(self.where, factory, **fields)


def build_at(where: str, factory: Callable[..., T], **fields: Any) -> T:
    """Call `factory`; an `InvalidInput` it raises is re-anchored under `where`."""
    try:
        return factory(**fields)
    except InvalidInput as exc:
        if exc.where and exc.where.startswith("$"):
            raise
        inner = f"{where}.{exc.where}" if exc.where else where
        raise type(exc)(exc.said or exc.message, where=inner) from exc


def to_date(value: str, where: str) -> date:
    """An ISO 8601 calendar date `YYYY-MM-DD`."""
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        said = message(N_("%(value)s is not a date YYYY-MM-DD"), value=repr(value))
        raise InvalidInput(said, where=where)
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        said = message(N_("%(value)s is not a real date"), value=repr(value))
        raise InvalidInput(said, where=where) from exc


def check_date(value: date, where: str) -> date:
    if not isinstance(value, date):
        raise InvalidInput(message(N_("must be a date")), where=where)
    return value
