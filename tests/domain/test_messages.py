"""Composed messages: the English text, the JSON form and reading it back."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from counterpart.domain.messages import (
    Message,
    MessageError,
    Param,
    Phrases,
    Term,
    english_of,
    from_json,
    message,
    phrases,
    to_json,
)

MODIFIED = message(
    "Related to fentanyl by: %(modifications)s.",
    modifications=phrases(
        [
            message("(C) piperidine substituted with %(kinds)s", kinds=phrases(
                [Term("group_kind", "alkyl"), Term("group_kind", "hydroxyl")], ", "
            )),
            message("(E) N-propionyl replaced by formyl"),
        ]
    ),
)  # fmt: skip


def test_the_english_text_fills_the_template_with_each_parameter_in_english() -> None:
    assert MODIFIED.english() == (
        "Related to fentanyl by: (C) piperidine substituted with alkyl, hydroxyl; "
        "(E) N-propionyl replaced by formyl."
    )
    assert english_of(Term("jurisdiction", "US")) == "US"
    assert english_of(3) == "3"


def test_a_message_without_parameters_is_its_template_even_with_a_percent_sign() -> None:
    assert message("100% sure").english() == "100% sure"


def test_parameters_are_kept_in_a_stable_order() -> None:
    assert message("%(a)s %(b)s", b="2", a="1") == message("%(a)s %(b)s", a="1", b="2")
    assert MODIFIED.arguments.keys() == {"modifications"}


def test_the_json_form_names_ids_terms_and_phrases() -> None:
    said = message("same %(kind)s %(value)s", kind=Term("identifier_kind", "uscCode"), value="9")
    assert to_json(said) == {
        "id": "same %(kind)s %(value)s",
        "params": {"kind": {"term": "identifier_kind", "value": "uscCode"}, "value": "9"},
    }
    assert to_json(phrases(["a", "b"], "/")) == {"phrases": ["a", "b"], "separator": "/"}
    assert from_json(to_json(MODIFIED)) == MODIFIED


@pytest.mark.parametrize(
    "data",
    [
        {"id": "Not controlled: %(reasons)s."},  # a placeholder without its parameter
        {"id": "x", "params": ["a"]},
        {"id": 3},
        {"id": "%(a)s", "params": {"a": True}},
        {"id": "%(a)s", "params": {"a": {"phrases": ["x"], "separator": " | "}}},
        {"id": "%(a)s", "params": {"a": None}},
        ["not", "a", "message"],
    ],
)
def test_a_malformed_stored_message_is_refused(data: object) -> None:
    with pytest.raises(MessageError):
        from_json(data)


def _params() -> st.SearchStrategy[Param]:
    data = st.text(max_size=8) | st.integers() | st.floats(allow_nan=False, allow_infinity=False)
    terms = st.builds(Term, st.sampled_from(["jurisdiction", "feature"]), st.text(max_size=5))
    leaves: st.SearchStrategy[Param] = data | terms
    return st.recursive(
        leaves,
        lambda inner: (
            st.builds(Phrases, st.tuples(inner, inner), st.sampled_from(["; ", ", ", "/"]))
            | st.builds(lambda v: message("<%(v)s>", v=v), inner)
        ),
        max_leaves=6,
    )


@given(_params())
def test_the_json_form_reads_back_as_the_same_message(value: Param) -> None:
    said = message("%(value)s", value=value)
    assert from_json(to_json(said)) == said
    assert isinstance(from_json(to_json(said)), Message)
