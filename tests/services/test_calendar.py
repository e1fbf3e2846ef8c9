from datetime import date, datetime, timedelta

import icalendar
import pytest
import sqlalchemy as sa
from sqlmodel import col, select

from handover_tui.models import ChecklistItem, Client, Interaction, Transition
from handover_tui.services import NotFound, alternatives, clients, log, transitions
from handover_tui.services.calendar import PRODID, export_ics
from tests.conftest import DEMO_TODAY

TODAY = DEMO_TODAY


def client_named(db, name: str) -> int:
    return next(row.id for row in clients.list_clients(db, name) if row.name == name)


@pytest.fixture
def planned(demo_db):
    """The demo, plus a few meetings planned in the log and a review item with a due date."""
    acme = client_named(demo_db, "Acme Logistics")
    juniper = client_named(demo_db, "Juniper Hotels")

    def entry(client_id, kind, occurred, planned_on=None):
        fields = {"kind": kind, "occurred_on": occurred.isoformat()}
        if planned_on:
            fields["next_planned_on"] = planned_on.isoformat()
        return log.add_interaction(demo_db, client_id, fields)

    day = timedelta(days=1)
    # Met again since: the plan made at the first meeting is replaced by the later one.
    replaced = entry(acme, "status_meeting", TODAY - 10 * day, TODAY + 2 * day)
    kept = entry(acme, "status_meeting", TODAY - 3 * day, TODAY + 11 * day)
    check_in = entry(acme, "check_in", TODAY - 1 * day, TODAY + 30 * day)
    past = entry(juniper, "client_update", TODAY - 9 * day, TODAY - 2 * day)
    juniper_meeting = entry(juniper, "knowledge_transfer", TODAY, TODAY + 7 * day)
    alternatives.choose_alternative(
        demo_db,
        client_named(demo_db, "Vantage Analytics"),
        {
            "kind": "improvement_plan",
            "chosen_on": TODAY.isoformat(),
            "review_on": (TODAY + 20 * day).isoformat(),
        },
        author="maya",
    )
    return {
        "db": demo_db,
        "acme": acme,
        "replaced": replaced.id,
        "past": past.id,
        "planned": {kept.id, check_in.id, juniper_meeting.id},
    }


def parse(text: str) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(text)


def uids(calendar: icalendar.Calendar, kind: str) -> list[str]:
    return [str(component["uid"]) for component in calendar.walk(kind)]


def open_items(db, client_id=None) -> set[int]:
    """Open items with a due date, of running or completed transitions (a completed
    one's were passed on) or of the client itself."""
    query = (
        select(ChecklistItem.id)
        .join(Client, Client.id == ChecklistItem.client_id)
        .outerjoin(Transition, Transition.id == ChecklistItem.transition_id)
        .where(
            col(ChecklistItem.done_on).is_(None),
            col(ChecklistItem.due_on).is_not(None),
            Client.status != "archived",
            sa.or_(
                col(ChecklistItem.transition_id).is_(None),
                col(Transition.status).in_(["active", "paused", "completed"]),
            ),
        )
    )
    if client_id is not None:
        query = query.where(ChecklistItem.client_id == client_id)
    with db.reading() as session:
        return set(session.exec(query))


def test_export_parses_and_counts_match(planned):
    db = planned["db"]
    text = export_ics(db, today=TODAY)
    calendar = parse(text)

    assert str(calendar["prodid"]) == PRODID
    assert str(calendar["version"]) == "2.0"
    items = open_items(db)
    assert items
    assert set(uids(calendar, "VTODO")) == {f"checklist-item-{i}@handover" for i in items}
    assert {uid for uid in uids(calendar, "VEVENT") if uid.startswith("interaction-")} == {
        f"interaction-{i}-next@handover" for i in planned["planned"]
    }
    assert text.startswith("BEGIN:VCALENDAR\r\n")
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))


def test_items_of_paused_transitions_and_reviews_are_in_cancelled_and_done_are_not(planned):
    db = planned["db"]
    todos = {str(t["uid"]): t for t in parse(export_ics(db, today=TODAY)).walk("VTODO")}
    summaries = [str(todo["summary"]) for todo in todos.values()]
    assert any(s.startswith("Cedar & Pine Architects: ") for s in summaries)  # paused
    assert not any(s.startswith("Summit Outdoor Co.: ") for s in summaries)  # cancelled
    assert not any(s.startswith("Nimbus Cloud Services: ") for s in summaries)  # completed
    review = next(t for s, t in zip(summaries, todos.values(), strict=True) if "Vantage" in s)
    assert str(review["description"]).startswith("Client review (no transition)")
    for todo in todos.values():
        assert type(todo["due"].dt) is date
        assert str(todo["status"]) == "NEEDS-ACTION"
        assert isinstance(todo["dtstamp"].dt, datetime)
    some = next(t for t in todos.values() if "Phase:" in str(t["description"]))
    assert "\nResponsible: " in str(some["description"])


def test_planned_meetings_are_all_day_events(planned):
    db = planned["db"]
    events = parse(export_ics(db, planned["acme"], today=TODAY)).walk("VEVENT")

    by_summary = {str(event["summary"]): event for event in events}
    assert set(by_summary) == {"Acme Logistics: Status meeting", "Acme Logistics: Check in"}
    meeting = by_summary["Acme Logistics: Status meeting"]
    assert meeting["dtstart"].dt == TODAY + timedelta(days=11)
    assert type(meeting["dtstart"].dt) is date
    assert meeting["dtend"].dt == TODAY + timedelta(days=12)
    assert int(meeting["sequence"]) == 0
    # The plan of an earlier meeting of the same kind and a date gone by are not there.
    everything = export_ics(db, today=TODAY)
    assert f"interaction-{planned['replaced']}-next@handover" not in everything
    assert f"interaction-{planned['past']}-next@handover" not in everything


def test_uids_are_stable_and_unique(planned):
    db = planned["db"]
    first = export_ics(db, today=TODAY)
    second = export_ics(db, today=TODAY)

    assert first == second  # DTSTAMP comes from the records, not the clock
    calendar = parse(first)
    every = uids(calendar, "VTODO") + uids(calendar, "VEVENT")
    assert len(every) == len(set(every))
    assert uids(parse(second), "VTODO") == uids(calendar, "VTODO")


def test_ticking_an_item_removes_its_todo_and_an_edit_raises_its_sequence(planned):
    db = planned["db"]
    before = parse(export_ics(db, today=TODAY))
    todos = {str(t["uid"]): t for t in before.walk("VTODO")}
    with db.reading() as session:
        in_plans = set(
            session.exec(
                select(ChecklistItem.id).where(col(ChecklistItem.transition_id).is_not(None))
            )
        )
    ticked, edited = sorted(open_items(db) & in_plans)[:2]

    transitions.tick_item(db, ticked, TODAY, done=True)
    item = transitions.update_item(
        db, edited, {"due_on": (TODAY + timedelta(days=3)).isoformat()}, expected_version=None
    )

    after = {str(t["uid"]): t for t in parse(export_ics(db, today=TODAY)).walk("VTODO")}
    assert set(after) == set(todos) - {f"checklist-item-{ticked}@handover"}
    old, new = (
        todos[f"checklist-item-{edited}@handover"],
        after[f"checklist-item-{edited}@handover"],
    )
    assert int(new["sequence"]) == int(old["sequence"]) + 1 == item.version - 1
    assert new["dtstamp"].dt == item.updated_at.replace(microsecond=0)
    assert new["due"].dt == TODAY + timedelta(days=3)


def test_single_client_export_holds_only_that_client(planned):
    db = planned["db"]
    acme = planned["acme"]
    calendar = parse(export_ics(db, acme, today=TODAY))

    summaries = [str(c["summary"]) for c in calendar.walk("VTODO") + calendar.walk("VEVENT")]
    assert summaries
    assert all(summary.startswith("Acme Logistics: ") for summary in summaries)
    assert set(uids(calendar, "VTODO")) == {
        f"checklist-item-{i}@handover" for i in open_items(db, acme)
    }
    with db.reading() as session:
        acme_entries = set(
            session.exec(select(Interaction.id).where(Interaction.client_id == acme))
        )
    assert {u.split("-")[1] for u in uids(calendar, "VEVENT")} <= {str(i) for i in acme_entries}
    assert str(calendar["x-wr-calname"]) == "handover: Acme Logistics"


def test_archived_clients_and_unknown_ids(planned):
    db = planned["db"]
    clients.archive_client(db, planned["acme"])
    assert "Acme Logistics" not in export_ics(db, today=TODAY)
    with pytest.raises(NotFound):
        export_ics(db, 9999, today=TODAY)


def test_empty_database_gives_an_empty_calendar(db):
    calendar = parse(export_ics(db, today=TODAY))
    assert calendar.walk("VTODO") == calendar.walk("VEVENT") == []
