"""The facts the signal rules read, for every client on the roster (or one), in a few
queries: one per kind of fact, never one per client. The rules live in
``domain.signals``; the dashboard, the roster's attention column and the client screen
all judge what this read gives (``services.signals``), on SQLite or PostgreSQL, from a
file before the database is open or from the open database (``db.read``).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from typing import Any

from handover_tui.db.read import Reader, day, line
from handover_tui.domain.plan import Window
from handover_tui.domain.signals import (
    ClientFacts,
    Credential,
    Handoff,
    OpenItem,
    Owner,
    Thresholds,
)
from handover_tui.domain.vocab import Phase

RUNNING_SQL = "('active', 'paused')"
"""Transition statuses of a handoff under way (``services.transitions.RUNNING``)."""
SENIOR_SQL = "('executive', 'senior')"
"""The seniorities that make a contact senior (``domain.vocab.SENIOR``)."""
LIVE_SQL = "('active', 'paused', 'completed')"
"""Transition statuses whose open items still count: a handoff under way, or a completed
one, whose open items were passed on to the incoming owner (``services.transitions.LIVE``)."""
LOAD_SQL = (
    "SELECT person_id, count(*), sum(weight) FROM ("
    " SELECT owner_id AS person_id, id AS client_id, complexity AS weight FROM client"
    " WHERE status != 'archived' AND owner_id IS NOT NULL"
    " UNION"
    " SELECT t.incoming_id, t.client_id, c.complexity FROM transition t"
    " JOIN client c ON c.id = t.client_id"
    f" WHERE t.status IN {RUNNING_SQL} AND t.incoming_id IS NOT NULL"
    " AND c.status != 'archived'"
    ") carried GROUP BY person_id"
)
"""Each person's clients and load: the clients they own (all but archived ones) and
those they are receiving in a handoff under way, each client once, counted and weighed
by complexity. The one count of workload: the dashboard's bars, the over-capacity
signal and the people list read it (:func:`loads`)."""


def loads(rows: Any) -> dict[int, tuple[int, int]]:
    """``LOAD_SQL``'s rows as person id to (clients, weighted load)."""
    return {person_id: (int(count), int(weight or 0)) for person_id, count, weight in rows}


PHASE_COLUMNS = ", ".join(f"{p.value}_start, {p.value}_end" for p in Phase)
"""A transition's phase dates, in phase order, as :func:`windows` reads them."""


def windows(dates: tuple[Any, ...] | list[Any]) -> tuple[Window, ...]:
    """The phases with both dates set, from the columns :data:`PHASE_COLUMNS` names."""
    found = []
    for index, phase in enumerate(Phase):
        start, end = day(dates[2 * index]), day(dates[2 * index + 1])
        if start is not None and end is not None:
            found.append(Window(phase, start, end))
    return tuple(found)


def facts(
    reader: Reader, today: date, *, only: int | None = None, limits: Thresholds | None = None
) -> list[ClientFacts]:
    """The facts of every client not archived (or of client ``only``), by id; ``limits``
    sets the length of the periods contacts are counted in (declining engagement)."""
    one = only is not None

    def narrow(column: str) -> str:  # one client: say so, so an index is used
        return f" AND {column} = :only" if one else ""

    clients = reader.rows(
        "SELECT id, name, owner_id, deputy_id, renewal_date, relationship_start FROM client"
        f" WHERE status != 'archived'{narrow('id')} ORDER BY id",
        only=only,
    )
    if not clients:
        return []
    owners = _owners(reader)
    last_contact = {
        client_id: day(when)
        for client_id, when in reader.rows(
            "SELECT client_id, max(occurred_on) FROM interaction"
            f" WHERE 1 = 1{narrow('client_id')} GROUP BY client_id",
            only=only,
        )
    }
    scores: dict[int, list[tuple[date, int]]] = defaultdict(list)
    revenue: dict[int, list[tuple[date, int]]] = defaultdict(list)
    renewals: dict[int, tuple[date, str]] = {}
    for client_id, taken_on, score, earned, outcome in reader.rows(
        "SELECT client_id, taken_on, satisfaction, revenue, renewal_outcome"
        f" FROM health_snapshot WHERE 1 = 1{narrow('client_id')}"
        " ORDER BY client_id, taken_on, id",
        only=only,
    ):
        taken = day(taken_on) or today
        if score is not None:
            scores[client_id].append((taken, score))
        if earned is not None:
            revenue[client_id].append((taken, int(earned)))
        if outcome:
            renewals[client_id] = (taken, str(outcome))
    periods = _contacts_by_period(reader, today, limits or Thresholds(), narrow, only)
    contact_counts = {
        client_id: (int(count), int(senior or 0), int(placed or 0))
        for client_id, count, senior, placed in reader.rows(
            "SELECT client_id, count(*),"
            f" sum(CASE WHEN seniority IN {SENIOR_SQL} THEN 1 ELSE 0 END),"
            " sum(CASE WHEN seniority != '' THEN 1 ELSE 0 END)"
            f" FROM contact WHERE 1 = 1{narrow('client_id')} GROUP BY client_id",
            only=only,
        )
    }
    incoming_holds: dict[int, int] = dict(
        reader.rows(
            "SELECT t.client_id, count(c.id) FROM transition t JOIN contact c"
            " ON c.client_id = t.client_id AND c.relationship_holder_id = t.incoming_id"
            f" WHERE t.status IN {RUNNING_SQL}{narrow('t.client_id')} GROUP BY t.client_id",
            only=only,
        )
    )
    handed_over = {
        (client_id, incoming): day(when)
        for client_id, incoming, when in reader.rows(
            "SELECT client_id, incoming_id, max(completed_on) FROM transition"
            f" WHERE status = 'completed'{narrow('client_id')} GROUP BY client_id, incoming_id",
            only=only,
        )
    }
    handoffs = _handoffs(reader, {i: o.name for i, o in owners.items()}, narrow, only)
    items: dict[int, list[OpenItem]] = defaultdict(list)
    for client_id, title, due_on, transition_id in reader.rows(
        "SELECT i.client_id, i.title, i.due_on, i.transition_id FROM checklist_item i"
        " LEFT OUTER JOIN transition t ON t.id = i.transition_id"
        " WHERE i.done_on IS NULL AND i.due_on IS NOT NULL AND i.due_on < :today"
        f" AND (i.transition_id IS NULL OR t.status IN {LIVE_SQL}){narrow('i.client_id')}",
        today=today,
        only=only,
    ):
        items[client_id].append(
            OpenItem(line(title), day(due_on) or today, transition_id is not None)
        )
    notes: dict[int, set[str]] = defaultdict(set)
    if handoffs:
        for client_id, category in reader.rows(
            "SELECT DISTINCT client_id, category FROM note WHERE deleted_at IS NULL"
            f" AND client_id IN (SELECT client_id FROM transition WHERE status IN {RUNNING_SQL})"
            f"{narrow('client_id')}",
            only=only,
        ):
            notes[client_id].add(category)
    found = []
    for client_id, name, owner_id, deputy_id, renewal, start in clients:
        relationship_start = day(start)
        found.append(
            ClientFacts(
                id=client_id,
                name=line(name),
                owner=owners.get(owner_id) if owner_id else None,
                owner_since=handed_over.get((client_id, owner_id)) or relationship_start,
                has_deputy=deputy_id is not None,
                renewal_date=day(renewal),
                relationship_start=relationship_start,
                last_interaction=last_contact.get(client_id),
                satisfaction=tuple(scores.get(client_id, ())),
                open_items=tuple(items.get(client_id, ())),
                handoff=handoffs.get(client_id),
                notes_in=frozenset(notes.get(client_id, ())),
                contacts_by_period=periods.get(client_id, (0,) * PERIODS),
                revenue=tuple(revenue.get(client_id, ())),
                renewal_outcome=renewals.get(client_id),
                contact_count=contact_counts.get(client_id, (0, 0, 0))[0],
                senior_contacts=contact_counts.get(client_id, (0, 0, 0))[1],
                placed_contacts=contact_counts.get(client_id, (0, 0, 0))[2],
                incoming_holds=(
                    incoming_holds.get(client_id, 0) if client_id in handoffs else None
                ),
            )
        )
    return found


PERIODS = 6
"""Periods of contacts read for declining engagement: the last three against the three
before them."""


def _contacts_by_period(
    reader: Reader, today: date, limits: Thresholds, narrow: Any, only: int | None
) -> dict[int, tuple[int, ...]]:
    """Interactions per client in each of the last :data:`PERIODS` periods of
    ``engagement_period_days``, oldest first; the last period ends today."""
    days = max(limits.engagement_period_days, 1)
    bounds = {f"b{k}": today - timedelta(days=(PERIODS - k) * days) for k in range(PERIODS)}
    bounds[f"b{PERIODS}"] = today
    sums = ", ".join(
        f"sum(CASE WHEN occurred_on > :b{k} AND occurred_on <= :b{k + 1} THEN 1 ELSE 0 END)"
        for k in range(PERIODS)
    )
    rows = reader.rows(
        f"SELECT client_id, {sums} FROM interaction"
        f" WHERE occurred_on > :b0 AND occurred_on <= :b{PERIODS}{narrow('client_id')}"
        " GROUP BY client_id",
        only=only,
        **bounds,
    )
    return {client_id: tuple(int(n or 0) for n in counts) for client_id, *counts in rows}


def _owners(reader: Reader) -> dict[int, Owner]:
    load = loads(reader.rows(LOAD_SQL))
    credentials: dict[int, list[Credential]] = defaultdict(list)
    for person_id, name, expires_on in reader.rows(
        "SELECT person_id, name, expires_on FROM credential"
    ):
        credentials[person_id].append(Credential(line(name), day(expires_on)))
    return {
        person_id: Owner(
            id=person_id,
            name=line(name),
            capacity=capacity,
            active_clients=load.get(person_id, (0, 0))[0],
            load=load.get(person_id, (0, 0))[1],
            credentials=tuple(credentials.get(person_id, ())),
        )
        for person_id, name, capacity in reader.rows("SELECT id, name, capacity FROM person")
    }


def _handoffs(
    reader: Reader, names: dict[int, str], narrow: Any, only: int | None
) -> dict[int, Handoff]:
    running = reader.rows(
        "SELECT id, client_id, incoming_id, consent_required, consent_obtained_on,"
        f" {PHASE_COLUMNS} FROM transition"
        f" WHERE status IN {RUNNING_SQL}{narrow('client_id')}",
        only=only,
    )
    if not running:
        return {}
    unsigned: dict[int, list[str]] = defaultdict(list)
    for transition_id, name in reader.rows(
        "SELECT s.transition_id, s.name FROM sign_off s"
        " JOIN transition t ON t.id = s.transition_id"
        f" WHERE t.status IN {RUNNING_SQL} AND s.required AND s.signed_on IS NULL"
        f"{narrow('t.client_id')} ORDER BY s.id",
        only=only,
    ):
        unsigned[transition_id].append(line(name))
    return {
        client_id: Handoff(
            windows=windows(dates),
            incoming=names.get(incoming_id or 0, ""),
            consent_required=bool(consent_required),
            consent_obtained_on=day(consent_on),
            missing_sign_offs=tuple(unsigned.get(transition_id, ())),
        )
        for transition_id, client_id, incoming_id, consent_required, consent_on, *dates in running
    }
