"""Property tests: any JSON given as content either parses and round-trips, or is InvalidInput."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from counterpart.domain.errors import InvalidInput
from counterpart.domain.record_content import parse_content
from counterpart.domain.records import RecordType
from tests.domain.record_samples import notification_content

KEYS = [*notification_content(), "name", "quantity", "unit", "code", "notification"]
LEAVES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**60), 2**60),
    st.text(max_size=12),
    st.sampled_from(["kg", "-1", "0.5", "2026-02-30", "2026-03-01", "CN", "ab" * 32, "\udcff"]),
)
JSON = st.recursive(
    LEAVES,
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=5), inner, max_size=4)
    ),
    max_leaves=12,
)


@settings(max_examples=300, deadline=None)
@given(record_type=st.sampled_from(list(RecordType)), value=JSON)
def test_arbitrary_content_is_parsed_or_refused(record_type: RecordType, value: Any) -> None:
    try:
        parsed = parse_content(record_type, value)
    except InvalidInput as exc:
        assert exc.where is not None and exc.where.startswith("$.content")
        return
    assert parse_content(record_type, parsed.to_content()) == parsed


@settings(max_examples=300, deadline=None)
@given(key=st.sampled_from(sorted(notification_content())), value=LEAVES)
def test_a_notification_with_one_field_replaced_is_parsed_or_refused(key: str, value: Any) -> None:
    content = notification_content(**{key: value})
    try:
        parsed = parse_content(RecordType.PRE_EXPORT_NOTIFICATION, content)
    except InvalidInput as exc:
        assert exc.where is not None and exc.where.startswith("$.content")
        return
    assert parse_content(RecordType.PRE_EXPORT_NOTIFICATION, parsed.to_content()) == parsed
