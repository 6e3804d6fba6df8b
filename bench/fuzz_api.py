"""`make fuzz`: schemathesis over the node's whole OpenAPI, >= 10,000 cases; prints the totals.

    .venv/bin/python bench/fuzz_api.py [--examples 100] [--seed N] [--postgres]

A fresh node home (SQLite, or a fresh schema on the PostgreSQL of COUNTERPART_TEST_POSTGRES_URL
with --postgres) set up with `counterpart init`, `user add` and `token create`, seeded with a
few records and drafts. Each operation gets `--examples` positive and negative cases (again with
ids of seeded rows where it has path parameters), after schemathesis's deterministic coverage
cases (boundary values, each constraint broken), under each role's API token. Exits 1 on any
failure: a 5xx, a 4xx outside the one error shape, or a response the OpenAPI does not declare.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import uuid
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # for tests.web
warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
from tests.conftest import POSTGRES_URL  # noqa: E402
from tests.web.api_fuzz import fuzz_api  # noqa: E402
from tests.web.fuzz_node import open_fuzz_node  # noqa: E402


@contextmanager
def fresh_database(home: Path, postgres: bool) -> Iterator[str]:
    """A SQLite file in `home`, or a fresh PostgreSQL schema dropped afterwards."""
    if not postgres:
        yield f"sqlite:///{home / 'fuzz.db'}"
        return
    schema = f"fuzz_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(POSTGRES_URL)
    with admin.begin() as connection:
        connection.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield f"{POSTGRES_URL}?options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as connection:
            connection.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=100, help="cases per operation and mode")
    parser.add_argument("--seed", type=int, default=20260301)
    parser.add_argument("--postgres", action="store_true", help="PostgreSQL instead of SQLite")
    parser.add_argument(
        "--no-coverage", action="store_true", help="skip the deterministic boundary cases"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        home = Path(directory)
        with fresh_database(home, args.postgres) as database_url:
            for node in open_fuzz_node(home / "home", database_url):
                started = time.perf_counter()
                totals = fuzz_api(node, args.examples, args.seed, coverage=not args.no_coverage)
                elapsed = time.perf_counter() - started
    store = "PostgreSQL" if args.postgres else "SQLite"
    coverage = "" if args.no_coverage else " after the coverage cases"
    print(f"schema fuzzing on {store}, seed {args.seed}, {args.examples} examples{coverage}")
    print(totals.summary())
    print(f"time: {elapsed:.0f} s ({totals.cases / elapsed:.0f} cases/s)")
    return 1 if totals.failures else 0


if __name__ == "__main__":
    sys.exit(main())
