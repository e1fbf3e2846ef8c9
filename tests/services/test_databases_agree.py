"""The same demo data on SQLite and on PostgreSQL gives the same answers from every service
that reads: ordering, grouping, NULLs, booleans, money and dates behave alike on both.

Runs only when HANDOVER_TEST_PG names a server (see tests/backends.py).
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import SQLModel

from handover_tui.db.engine import Database, open_database
from handover_tui.domain.search import END, START
from handover_tui.services import (
    alternatives,
    calendar,
    clients,
    contacts,
    dashboard,
    demo,
    health,
    interchange,
    log,
    notes,
    people,
    plan_document,
    roster_csv,
    search,
    signals,
    templates,
    transitions,
    vcard,
)
from handover_tui.services.clients import SORT_KEYS
from tests.backends import PG_SERVER, database_url
from tests.conftest import DEMO_TODAY

pytestmark = pytest.mark.skipif(not PG_SERVER, reason="PostgreSQL: HANDOVER_TEST_PG is not set")

# Set from the clock when a row is written, so they differ between the two databases.
WRITTEN_AT = {"created_at", "updated_at", "at", "archived_at", "deleted_at", "exported_at"}


def plain(value: Any) -> Any:
    """``value`` as dicts, lists and scalars, without the moments rows were written."""
    if isinstance(value, SQLModel):
        value = value.model_dump()
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        value = {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items() if key not in WRITTEN_AT}
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    return value


def without_uids(cards: str) -> str:
    """A vCard export without its UID lines, which come from when rows were written."""
    return "".join(line for line in cards.splitlines(keepends=True) if not line.startswith("UID:"))


def _demo(backend: str, folder: Path) -> Iterator[Database]:
    with database_url(backend, folder, "demo.db") as url:
        database = open_database(url)
        try:
            demo.populate(database, today=DEMO_TODAY)
            templates.create_template(
                database, "Short", templates.read_template(database, None)[1][:3]
            )
            yield database
        finally:
            database.close()


@pytest.fixture(scope="module")
def lite(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    yield from _demo("sqlite", tmp_path_factory.mktemp("lite"))


@pytest.fixture(scope="module")
def pg(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    yield from _demo("postgresql", tmp_path_factory.mktemp("pg"))


def both(lite: Database, pg: Database, read) -> Any:
    """What ``read`` gives on each database, asserted equal; returns the SQLite answer."""
    expected = plain(read(lite))
    assert plain(read(pg)) == expected
    return expected


def client_ids(db: Database) -> list[int]:
    return [row.id for row in clients.list_clients(db, include_archived=True)]


ISO_MOMENT = re.compile(r"\d{4}-\d\d-\d\dT[\d:.]+\+00:00")


def document(db: Database) -> dict[str, Any]:
    """The JSON document; the audit trail as a set, since the entries one flush writes have
    no order of their own (their ids follow it), and without the moments inside them."""
    content = plain(interchange.export_document(db))
    content["activity"] = sorted(
        (
            {**row, "id": None, "changes": ISO_MOMENT.sub("…", row["changes"])}
            for row in content["activity"]
        ),
        key=lambda row: json.dumps(row, sort_keys=True),
    )
    return content


def test_the_demo_is_the_same_document_on_both(lite, pg):
    content = both(lite, pg, document)
    assert len(content["client"]) == 29 and content["note"] and content["activity"]


def test_dashboard(lite, pg):
    board = both(lite, pg, lambda db: dashboard.dashboard(db, DEMO_TODAY))
    assert board["signals"] and board["agenda"] and board["handoffs"] and board["workload"]
    both(lite, pg, lambda db: signals.attention(db, DEMO_TODAY))


@pytest.mark.parametrize("sort", SORT_KEYS)
@pytest.mark.parametrize("descending", [False, True])
def test_roster_in_every_order(lite, pg, sort, descending):
    rows = both(
        lite,
        pg,
        lambda db: clients.list_clients(
            db, include_archived=True, sort=sort, descending=descending
        ),
    )
    assert len(rows) == 29


@pytest.mark.parametrize(
    "arguments",
    [
        {"text": "a"},
        {"text": "CAPITAL"},
        {"text": "100%"},
        {"text": "_"},
        {"owner_name": "maya"},
        {"status": "in_transition"},
    ],
)
def test_roster_filters(lite, pg, arguments):
    both(lite, pg, lambda db: clients.list_clients(db, **arguments))


def test_people_templates_and_exports(lite, pg):
    assert both(lite, pg, people.list_people)
    for person in people.list_people(lite):
        both(lite, pg, lambda db, person_id=person.id: people.list_credentials(db, person_id))
    assert len(both(lite, pg, templates.list_templates)) >= 2
    both(lite, pg, roster_csv.export_csv)
    both(lite, pg, lambda db: roster_csv.export_csv(db, include_archived=True))
    stamp = re.compile(r"^DTSTAMP:.*$", re.MULTILINE)
    both(lite, pg, lambda db: stamp.sub("", calendar.export_ics(db, today=DEMO_TODAY)))


def test_every_client_reads_alike(lite, pg):
    ids = client_ids(lite)
    assert client_ids(pg) == ids
    planned = 0
    for client_id in ids:
        for read in (
            clients.get_client,
            contacts.list_contacts,
            notes.list_notes,
            notes.missing_categories,
            log.list_interactions,
            health.list_snapshots,
            alternatives.list_alternatives,
            alternatives.open_reviews,
            transitions.plan_for_client,
        ):
            both(lite, pg, lambda db, read=read, client_id=client_id: read(db, client_id))
        # A contact's UID is made from when its row was written: it differs by design.
        both(lite, pg, lambda db, c=client_id: without_uids(vcard.export_vcf(db, c)))
        both(lite, pg, lambda db, c=client_id: signals.for_client(db, c, DEMO_TODAY))
        plan = transitions.plan_for_client(lite, client_id)
        if plan is None:
            continue
        planned += 1
        transition_id = plan.transition.id
        both(lite, pg, lambda db, t=transition_id: log.cadence_report(db, t, DEMO_TODAY))
        both(
            lite,
            pg,
            lambda db, client_id=client_id: plan_document.plan_document(
                db, client_id, prepared_by="test", today=DEMO_TODAY
            ),
        )
    assert planned >= 5


@pytest.mark.parametrize(
    "text", ["acme", "renewal", "budget", "data migration", "kick", "café", "nimbus", "zzz"]
)
def test_search_finds_the_same_things(lite, pg, text):
    """Ranks and snippets come from each database's own index; what is found must agree."""

    def found(db: Database) -> list[tuple[str, int, str]]:
        hits = search.search(db, text)
        return sorted(
            (hit.kind, hit.client_id, hit.title.replace(START, "").replace(END, "")) for hit in hits
        )

    both(lite, pg, found)


def test_json_moves_between_the_databases(lite, pg, tmp_path):
    """PostgreSQL to SQLite and back: the documents agree with the original."""
    source = json.loads(interchange.export_json(pg))
    for backend in ("sqlite", "postgresql"):
        with database_url(backend, tmp_path, f"{backend}.db") as url:
            target = open_database(url)
            try:
                interchange.import_document(target, source)
                copied = interchange.export_document(target)
            finally:
                target.close()
        assert plain(copied) == plain(source)
