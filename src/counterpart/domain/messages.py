"""Text the node composes (explanations, reasons, alarms) as a message id with named parameters.

The id is the English template, a msgid of the UI's catalogs (`%(name)s` placeholders), so the
web layer renders a message in the reader's language while the API, the CLI and the stored
rows keep the English text (`english()`). A parameter is data (a SMILES, a name, a number:
shown as it is), a `Term` of a controlled vocabulary (translated with the vocabulary's
label), a nested `Message`, or `Phrases` (several of those joined by a separator).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

PLACEHOLDER = re.compile(r"%\((\w+)\)s")
Separator = Literal["; ", ", ", "/"]  # between clauses, list items, alternatives
SEPARATORS: tuple[Separator, ...] = ("; ", ", ", "/")


class MessageError(ValueError):
    """A stored message that cannot be read back (its reader falls back to the English text)."""


def N_(message: str) -> str:  # noqa: N802 - the gettext convention for "mark, do not translate"
    """Mark `message` for the catalogs (`pybabel extract -k N_`) without translating it."""
    return message


@dataclass(frozen=True, slots=True)
class Term:
    """A word of a controlled vocabulary (`jurisdiction`, `feature`, ...): the UI shows the
    vocabulary's label in the reader's language, the English text shows the value itself."""

    vocabulary: str
    value: str

    def english(self) -> str:
        return self.value


@dataclass(frozen=True, slots=True)
class Phrases:
    """Several parameters shown as one, joined by `separator` (the UI uses its language's)."""

    items: tuple[Param, ...]
    separator: Separator = "; "

    def english(self) -> str:
        return self.separator.join(english_of(item) for item in self.items)


@dataclass(frozen=True, slots=True)
class Message:
    """An English template (`%(name)s` placeholders) and its parameters, in a stable order."""

    msgid: str
    params: tuple[tuple[str, Param], ...] = ()

    @property
    def arguments(self) -> dict[str, Param]:
        return dict(self.params)

    def english(self) -> str:
        """The message in English: the template with every parameter in English."""
        if not self.params:
            return self.msgid
        return self.msgid % {name: english_of(value) for name, value in self.params}


Param = str | int | float | Term | Phrases | Message


def message(msgid: str, **params: Param) -> Message:
    """The message `msgid` with `params` (checked when it is read back: `from_json`)."""
    return Message(msgid, tuple(sorted(params.items())))


def phrases(items: Iterable[Param], separator: Separator = "; ") -> Phrases:
    """`items` joined by `separator`."""
    return Phrases(tuple(items), separator)


def english_of(value: Param) -> str:
    """A parameter in English: data as it is, a term by its value, a message rendered."""
    if isinstance(value, Term | Phrases | Message):
        return value.english()
    return str(value)


def to_json(value: Param) -> Any:
    """A message as JSON: `{"id": msgid, "params": {...}}`; a term is
    `{"term": vocabulary, "value": value}`, phrases `{"phrases": [...], "separator": "; "}`,
    data as it is."""
    if isinstance(value, Message):
        return {"id": value.msgid, "params": {name: to_json(p) for name, p in value.params}}
    if isinstance(value, Term):
        return {"term": value.vocabulary, "value": value.value}
    if isinstance(value, Phrases):
        return {"phrases": [to_json(item) for item in value.items], "separator": value.separator}
    return value


def from_json(data: object) -> Param:
    """What `to_json` wrote; anything else, or a template its parameters do not fit, is
    refused (MessageError)."""
    if isinstance(data, str | int | float) and not isinstance(data, bool):
        return data
    if isinstance(data, Mapping) and isinstance(data.get("id"), str):
        return _message_from_json(data)
    if isinstance(data, Mapping) and isinstance(data.get("term"), str):
        return Term(data["term"], str(data.get("value", "")))
    if isinstance(data, Mapping) and isinstance(data.get("phrases"), list):
        separator = data.get("separator", "; ")
        if separator not in SEPARATORS:
            raise MessageError(f"unknown separator {separator!r}")
        return Phrases(tuple(from_json(item) for item in data["phrases"]), separator)
    raise MessageError(f"a message cannot be {data!r}")


def _message_from_json(data: Mapping[str, Any]) -> Message:
    params = data.get("params", {})
    if not isinstance(params, Mapping):
        raise MessageError("a message's params must be an object")
    found = message(data["id"], **{str(k): from_json(v) for k, v in params.items()})
    if set(PLACEHOLDER.findall(found.msgid)) != found.arguments.keys():
        raise MessageError(f"message {found.msgid!r} does not fit its parameters {sorted(params)}")
    return found
