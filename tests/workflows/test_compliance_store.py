"""Time evidence read from a real log store: the counterpart's first covering cosignature."""

from __future__ import annotations

from datetime import UTC, datetime

from counterpart.domain.records import RecordType, encode_record, new_record
from counterpart.ledger.cosignature import cosign_checkpoint
from counterpart.ledger.note import NoteSigner, parse_note
from counterpart.settings import Settings
from counterpart.storage.log import LogStore
from counterpart.storage.log_node import open_node_stores
from counterpart.workflows.compliance_records import (
    LoggedRecord,
    NodeLogRecords,
    Problem,
    first_cosigned_at,
)
from counterpart.workflows.log_append import append_entries, receive_cosignature, sign_checkpoint
from counterpart.workflows.witness import mirror_log_name
from tests.domain.record_samples import incident_content


def _entry(sequence: int, claimed: datetime) -> bytes:
    record = new_record(RecordType.INCIDENT, "cn", sequence, incident_content(), claimed_at=claimed)
    return encode_record(record)


def _cosign(log: LogStore, cn: NoteSigner, us: NoteSigner, timestamp: int) -> None:
    checkpoint = sign_checkpoint(log, cn)
    line = cosign_checkpoint(parse_note(checkpoint.note), us, timestamp).to_line()
    receive_cosignature(
        log,
        cn.verifier_key(),
        us.verifier_key(),
        size=checkpoint.size,
        line=line,
        now=timestamp,
    )


def test_records_are_timed_by_the_first_cosignature_covering_them(
    database_url: str, settings: Settings
) -> None:
    stores = open_node_stores(settings.model_copy(update={"database_url": database_url}))
    cn, us = NoteSigner.generate("counterpart/cn"), NoteSigner.generate("counterpart/us")
    claimed = datetime(2020, 1, 1, tzinfo=UTC)  # every record claims a date years too early
    try:
        append_entries(stores.own, [_entry(1, claimed), _entry(2, claimed)])
        _cosign(stores.own, cn, us, 1_760_000_000)
        append_entries(stores.own, [_entry(3, claimed), b"not a record"])
        _cosign(stores.own, cn, us, 1_760_086_400)
        append_entries(stores.own, [_entry(5, claimed)])  # not cosigned yet
        source = NodeLogRecords(
            own=stores.own,
            own_party="cn",
            own_signer=cn.name,
            mirror=stores.log_named(mirror_log_name("us")),
            counterpart_party="us",
            counterpart_signer=us.name,
        )
        items = list(source.logged_records())
    finally:
        stores.close()
    timed = [(i.index, i.cosigned_at) for i in items if isinstance(i, LoggedRecord)]
    day1, day2 = (
        datetime.fromtimestamp(1_760_000_000, UTC),
        datetime.fromtimestamp(1_760_086_400, UTC),
    )
    assert timed == [(0, day1), (1, day1), (2, day2), (4, None)]
    [problem] = [i for i in items if isinstance(i, Problem)]
    assert (problem.log, problem.index) == ("cn", 3)
    assert problem.message.startswith("entry does not decode as a record")


def test_first_cosigned_at_ignores_checkpoints_that_do_not_cover_the_entry() -> None:
    cosigned = [(2, 100), (5, 50), (9, 300)]  # a smaller timestamp on a larger checkpoint
    assert first_cosigned_at(cosigned, 1) == datetime.fromtimestamp(50, UTC)
    assert first_cosigned_at(cosigned, 6) == datetime.fromtimestamp(300, UTC)
    assert first_cosigned_at(cosigned, 9) is None
