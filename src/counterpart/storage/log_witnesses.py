"""Repository of the neutral witnesses: registrations (audited) and what each last cosigned."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from counterpart.domain.errors import Conflict, NotFound
from counterpart.storage.log_tables import neutral_witness
from counterpart.storage.users import SqlAuditTrail, to_utc
from counterpart.workflows.access_model import AuditEvent
from counterpart.workflows.neutral_witnesses import NeutralWitness


class WitnessStore:
    """WitnessRegistry in the node's database; a write and its audit row commit together."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def add_witness(self, witness: NeutralWitness, event: AuditEvent) -> None:
        """Register a witness; Conflict when the name is taken."""
        row = {
            "name": witness.name,
            "url": witness.url,
            "vkey": witness.vkey,
            "added_at": witness.added_at,
        }
        try:
            with self.engine.begin() as connection:
                connection.execute(neutral_witness.insert().values(**row))
                SqlAuditTrail(connection).record(event)
        except sa.exc.IntegrityError as exc:
            raise Conflict(
                f"a witness named {witness.name!r} is already registered; remove it first",
                where="NAME",
            ) from exc

    def remove_witness(self, name: str, event: AuditEvent) -> None:
        """Forget a witness; NotFound when there is none of that name."""
        with self.engine.begin() as connection:
            deleted = connection.execute(neutral_witness.delete().where(_named(name))).rowcount
            if deleted != 1:
                raise NotFound(f"no witness named {name!r}; see `counterpart witness list`")
            SqlAuditTrail(connection).record(event)

    def witnesses(self) -> list[NeutralWitness]:
        query = sa.select(neutral_witness).order_by(neutral_witness.c.name)
        with self.engine.connect() as connection:
            rows = connection.execute(query).all()
        return [
            NeutralWitness(
                name=r.name,
                url=r.url,
                vkey=r.vkey,
                added_at=_utc(r.added_at),
                cosigned_size=None if r.cosigned_size is None else int(r.cosigned_size),
                cosigned_at=to_utc(r.cosigned_at),
                last_error=r.last_error,
                tried_at=to_utc(r.tried_at),
            )
            for r in rows
        ]

    def record_cosigned(self, name: str, size: int, at: datetime) -> None:
        """The witness cosigned checkpoint `size`: its error, if any, is cleared."""
        values = {"cosigned_size": size, "cosigned_at": at, "last_error": None, "tried_at": at}
        self._update(name, values)

    def record_failure(self, name: str, error: str, at: datetime) -> None:
        """A submission failed: keep why (the size it last cosigned stays)."""
        self._update(name, {"last_error": error, "tried_at": at})

    def _update(self, name: str, values: dict[str, object]) -> None:
        # A witness removed during a round is simply not updated.
        with self.engine.begin() as connection:
            connection.execute(neutral_witness.update().where(_named(name)).values(**values))


def _named(name: str) -> sa.ColumnElement[bool]:
    return neutral_witness.c.name == name


def _utc(value: datetime) -> datetime:
    moment = to_utc(value)
    assert moment is not None  # the column is not nullable
    return moment
