"""`counterpart user ...` and `counterpart token create` against a real SQLite node home."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from counterpart.cli import main
from counterpart.settings import Settings
from counterpart.storage.database import open_database
from counterpart.storage.tables import node_meta
from counterpart.storage.users import open_access, to_access_config
from counterpart.workflows.access_sessions import LoggedIn, LoginRefused, log_in
from counterpart.workflows.access_tokens import authenticate_token

CHEAP_ARGON2 = {
    "COUNTERPART_PASSWORD_HASH_TIME_COST": "1",
    "COUNTERPART_PASSWORD_HASH_MEMORY_KIB": "1024",
}


def _run(home: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["--home", str(home), *args], env=CHEAP_ARGON2)
    return result.exit_code, result.stdout, result.stderr


def _sign_in(home: Path, username: str, password: str) -> LoggedIn | LoginRefused:
    settings = Settings(home=home, password_hash_time_cost=1, password_hash_memory_kib=1024)
    engine = open_database(settings)
    try:
        with open_access(engine, to_access_config(settings)) as ports:
            return log_in(ports, username=username, password=password)
    finally:
        engine.dispose()


def test_user_add_prints_a_password_that_signs_in(tmp_path: Path) -> None:
    code, out, _ = _run(tmp_path, "user", "add", "Zhang.San", "--role", "approver", "--party", "CN")
    assert code == 0
    assert "user zhang.san (approver, party CN) added" in out
    password = out.split("one-time password: ")[1].strip()
    assert len(password) >= 12
    outcome = _sign_in(tmp_path, "zhang.san", password)
    assert isinstance(outcome, LoggedIn)
    assert outcome.user.password_is_temporary is True


def test_user_list_formats(tmp_path: Path) -> None:
    _run(tmp_path, "user", "add", "bob", "--role", "viewer", "--party", "US")
    _run(tmp_path, "user", "add", "ann", "--role", "admin", "--party", "US", "--locale", "zh")
    code, out, _ = _run(tmp_path, "user", "list", "--format", "jsonl")
    assert code == 0
    rows = [json.loads(line) for line in out.splitlines()]
    assert [(r["username"], r["role"], r["locale"]) for r in rows] == [
        ("ann", "admin", "zh"),
        ("bob", "viewer", "en"),
    ]
    _, csv_out, _ = _run(tmp_path, "user", "list", "--format", "csv")
    assert csv_out.splitlines()[0] == "id,username,display_name,role,party,locale,active,created_at"
    _, table, _ = _run(tmp_path, "user", "list")
    assert table.splitlines()[0].split()[:5] == ["ann", "admin", "US", "zh", "active"]


def test_reset_password_replaces_the_old_one(tmp_path: Path) -> None:
    _, out, _ = _run(tmp_path, "user", "add", "carol", "--role", "analyst", "--party", "US")
    old = out.split("one-time password: ")[1].strip()
    code, out, _ = _run(tmp_path, "user", "reset-password", "carol")
    assert code == 0
    new = out.split("one-time password for carol: ")[1].strip()
    assert isinstance(_sign_in(tmp_path, "carol", old), LoginRefused)
    assert isinstance(_sign_in(tmp_path, "carol", new), LoggedIn)


def test_token_create_prints_the_token_once(tmp_path: Path) -> None:
    _run(tmp_path, "user", "add", "feed", "--role", "analyst", "--party", "US")
    code, out, err = _run(
        tmp_path, "token", "create", "feed", "--name", "customs feed", "--role", "viewer"
    )
    assert code == 0
    assert "scope viewer" in err
    secret = out.strip()
    settings = Settings(home=tmp_path)
    engine = open_database(settings)
    try:
        with open_access(engine, to_access_config(settings)) as ports:
            principal = authenticate_token(ports, secret)
    finally:
        engine.dispose()
    assert (principal.user.username, principal.role.value) == ("feed", "viewer")
    code, _, err = _run(tmp_path, "token", "create", "feed", "--name", "x", "--role", "admin")
    assert code == 1
    assert "at most its user's role" in err


def test_errors_are_one_line_and_exit_1(tmp_path: Path) -> None:
    code, _, err = _run(tmp_path, "user", "add", "dave", "--role", "viewer")
    assert code == 1
    assert "the node has no party yet" in err
    code, _, err = _run(tmp_path, "user", "reset-password", "nobody")
    assert (code, err.strip()) == (1, "error: username: user 'nobody' does not exist")
    code, _, _ = _run(tmp_path, "user", "add", "eve", "--role", "boss", "--party", "US")
    assert code == 2


def test_user_add_takes_the_party_counterpart_init_recorded(tmp_path: Path) -> None:
    engine = open_database(Settings(home=tmp_path))
    try:
        with engine.begin() as connection:
            connection.execute(node_meta.insert().values(key="party", value="CN"))
    finally:
        engine.dispose()
    code, out, _ = _run(tmp_path, "user", "add", "wang", "--role", "viewer")
    assert code == 0
    assert "party CN" in out


def test_a_token_lifetime_out_of_range_is_a_usage_error_naming_days(tmp_path: Path) -> None:
    assert _run(tmp_path, "user", "add", "ops", "--role", "admin", "--party", "US")[0] == 0
    for days in ("0", "-5", "91"):
        code, out, err = _run(tmp_path, "token", "create", "ops", "--name", "n", "--days", days)
        assert (code, out) == (2, "")
        assert f"Invalid value for --days: {days} is not a lifetime of 1 to 90 days" in err
