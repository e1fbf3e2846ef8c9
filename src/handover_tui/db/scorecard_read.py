"""The facts of every owner's scorecard (``domain.scorecard``), in a few queries: the
people screen and ``handover scorecard`` read them, on a SQLite file with the standard
library or on the open database (``db.read``)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from handover_tui.db.read import Reader, day, line, money
from handover_tui.db.signals_read import LOAD_SQL, RUNNING_SQL, loads
from handover_tui.domain.scorecard import Scorecard, Snapshot, activity_start, score, window_start


def people(reader: Reader) -> list[tuple[int, str, str]]:
    """Everyone not archived, by name: (id, name, e-mail)."""
    return [
        (person_id, line(name), line(email))
        for person_id, name, email in reader.rows(
            "SELECT id, name, email FROM person WHERE archived_at IS NULL ORDER BY lower(name), id"
        )
    ]


def scorecards(reader: Reader, today: date, *, only: int | None = None) -> list[Scorecard]:
    """The scorecard of everyone not archived (or of person ``only``), by name."""
    narrow = " AND id = :only" if only is not None else ""
    persons = reader.rows(
        f"SELECT id, name, capacity FROM person WHERE archived_at IS NULL{narrow}"
        " ORDER BY lower(name), id",
        only=only,
    )
    load = loads(reader.rows(LOAD_SQL))
    owned: dict[int, dict[int, str]] = defaultdict(dict)
    for client_id, owner_id, currency in reader.rows(
        "SELECT id, owner_id, currency FROM client"
        " WHERE status != 'archived' AND owner_id IS NOT NULL"
    ):
        owned[owner_id][client_id] = currency
    snapshots = [
        Snapshot(client_id, day(taken) or today, score_, money(earned), outcome or "")
        for client_id, taken, score_, earned, outcome in reader.rows(
            "SELECT client_id, taken_on, satisfaction, revenue, renewal_outcome"
            " FROM health_snapshot WHERE taken_on > :start AND taken_on <= :today"
            " ORDER BY client_id, taken_on, id",
            start=window_start(today),
            today=today,
        )
    ]
    contacts: dict[int, int] = dict(
        reader.rows(
            "SELECT client_id, count(*) FROM interaction"
            " WHERE occurred_on > :start AND occurred_on <= :today GROUP BY client_id",
            start=activity_start(today),
            today=today,
        )
    )
    handoffs: dict[int, int] = defaultdict(int)
    for outgoing_id, incoming_id in reader.rows(
        f"SELECT outgoing_id, incoming_id FROM transition WHERE status IN {RUNNING_SQL}"
    ):
        for person_id in {outgoing_id, incoming_id} - {None}:
            handoffs[person_id] += 1
    return [
        score(
            person_id,
            line(name),
            capacity,
            load.get(person_id, (0, 0))[1],
            owned.get(person_id, {}),
            snapshots,
            contacts,
            handoffs.get(person_id, 0),
        )
        for person_id, name, capacity in persons
    ]
