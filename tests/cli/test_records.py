"""Operator commands: `records list`, `records show INDEX`, `due`, on a node with records."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from click.testing import CliRunner

from counterpart.cli import main
from counterpart.domain.records import RecordType
from counterpart.workflows.access_model import Role
from counterpart.workflows.record_sending import file_record
from tests.domain.record_samples import incident_content, notification_content
from tests.workflows.records_fixtures import make_side, principal


def run(home: Path, *args: str) -> str:
    result = CliRunner().invoke(main, ["--home", str(home), *args])
    assert result.exit_code == 0, (result.output, result.exception)
    return result.stdout


def test_list_show_and_due(tmp_path: Path) -> None:
    side = make_side(tmp_path / "a", "us")
    today = datetime.now(UTC).date()
    side.clock.now = datetime.now(UTC)
    approver = principal("us", Role.APPROVER)
    soon = notification_content(
        reply_deadline=(today + timedelta(days=1)).isoformat(),
        dispatch_date=(today + timedelta(days=20)).isoformat(),
    )
    file_record(side.outbox, approver, RecordType.PRE_EXPORT_NOTIFICATION, soon)
    file_record(side.outbox, approver, RecordType.INCIDENT, incident_content())
    side.node.stores.close()
    home = tmp_path / "a"

    rows = [
        json.loads(line)
        for line in run(home, "records", "list", "--format", "jsonl").split("\n")
        if line
    ]
    assert [(r["index"], r["type"], r["state"]) for r in rows] == [
        (1, "incident", "reported"),
        (0, "pre_export_notification", "awaiting_reply"),
    ]
    flagged = run(home, "records", "list", "--flagged", "--type", "incident", "--format", "csv")
    assert flagged.splitlines()[0].startswith("log,index,type")
    shown = json.loads(run(home, "records", "show", "0"))
    assert shown["content"]["substances"][0]["unit"] == "kg" and shown["answered_by"] == []
    due = run(home, "due")
    assert "overdue on" in due and "due within 3 days: 1" in due

    missing = CliRunner().invoke(main, ["--home", str(home), "records", "show", "9"])
    assert (missing.exit_code, missing.stderr) == (1, "error: INDEX: us has no record 9\n")
    huge = CliRunner().invoke(main, ["--home", str(home), "records", "show", str(2**64)])
    assert huge.exit_code == 2 and "is not in the range 0<=x<=" in huge.stderr  # was a trace
    stranger = CliRunner().invoke(
        main, ["--home", str(home), "records", "show", "0", "--from", "fr"]
    )
    assert stranger.exit_code == 2  # a party that is neither this node nor its counterpart
    assert "'fr' is neither us (this node) nor" in stranger.stderr


def test_an_unknown_state_is_a_usage_error_listing_the_states(tmp_path: Path) -> None:
    home = tmp_path / "a"
    make_side(home, "us").node.stores.close()
    refused = CliRunner().invoke(main, ["--home", str(home), "records", "list", "--state", "nope"])
    assert refused.exit_code == 2
    assert "Invalid value for '--state': 'nope' is not one of 'awaiting_reply'," in refused.stderr
    assert "'published'" in refused.stderr
    assert run(home, "records", "list", "--state", "published", "--format", "jsonl") == ""
