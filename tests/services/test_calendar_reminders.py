"""The calendar reminds: alarms on due items, meeting rhythms as recurring events at the
meeting time in the user's zone, and the owners (and, when asked, the client) invited."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
from dateutil.rrule import rrulestr
from sqlmodel import select

from handover_tui.domain.reminders import CalendarOptions
from handover_tui.models import Contact, Transition
from handover_tui.services import clients, contacts, log, transitions
from handover_tui.services.calendar import export_ics
from handover_tui.services.calendar_people import cadence_uid
from tests.conftest import DEMO_TODAY

TODAY = DEMO_TODAY
BERLIN = CalendarOptions(timezone="Europe/Berlin")


def juniper(db) -> int:
    return clients.resolve_client(db, "Juniper Hotels").id


def calendar(db, client_id=None, **options) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(export_ics(db, client_id, today=TODAY, **options))


def emails(component) -> list[str]:
    found = component.get("attendee", [])
    found = found if isinstance(found, list) else [found]
    return [str(address).removeprefix("mailto:") for address in found]


def test_each_due_item_reminds_the_day_before_at_nine_in_my_zone(demo_db):
    todos = calendar(demo_db, options=BERLIN).walk("VTODO")
    assert todos
    for todo in todos:
        [alarm] = todo.walk("VALARM")
        assert str(alarm["action"]) == "DISPLAY"
        due = todo["due"].dt
        moment = alarm["trigger"].dt
        local = moment.astimezone(ZoneInfo("Europe/Berlin"))
        assert (local.date(), local.time()) == (due - timedelta(days=1), time(9, 0))
    # Winter in Berlin: 09:00 there is 08:00 UTC, whatever zone the server runs in.
    assert "TRIGGER;VALUE=DATE-TIME:" in export_ics(demo_db, today=TODAY, options=BERLIN)


def test_the_lead_time_comes_from_the_settings(demo_db):
    options = CalendarOptions(
        timezone="America/New_York", alarm_days_before=2, alarm_time=time(7, 15)
    )
    todo = calendar(demo_db, options=options).walk("VTODO")[0]
    moment = todo.walk("VALARM")[0]["trigger"].dt
    expected = datetime.combine(
        todo["due"].dt - timedelta(days=2), time(7, 15), ZoneInfo("America/New_York")
    )
    assert moment == expected.astimezone(UTC)


def rhythms(cal) -> dict[str, icalendar.Event]:
    return {
        str(event["uid"]): event
        for event in cal.walk("VEVENT")
        if str(event["uid"]).startswith("cadence-")
    }


def test_each_rhythm_is_one_recurring_event_at_the_meeting_time(demo_db):
    client = juniper(demo_db)
    with demo_db.reading() as session:
        plan = session.exec(select(Transition).where(Transition.client_id == client)).one()
    cal = calendar(demo_db, client, options=BERLIN)
    found = rhythms(cal)
    assert set(found) == {
        cadence_uid(plan.id, "status_meeting"),
        cadence_uid(plan.id, "client_update"),
    }
    weekly = found[cadence_uid(plan.id, "status_meeting")]
    start = weekly["dtstart"].dt
    # Status meetings run through transition execution (#18).
    assert start == datetime.combine(plan.execution_start, time(10, 0), ZoneInfo("Europe/Berlin"))
    assert weekly["duration"].dt == timedelta(minutes=30)
    assert str(weekly["summary"]) == "Juniper Hotels: Status meeting"
    rule = rrulestr(weekly["rrule"].to_ical().decode(), dtstart=start)
    meetings = list(rule)
    assert meetings[1] - meetings[0] == timedelta(days=7)
    assert meetings[-1].date() <= plan.execution_end < meetings[-1].date() + timedelta(days=7)
    fortnightly = found[cadence_uid(plan.id, "client_update")]
    assert fortnightly["rrule"]["FREQ"] == ["WEEKLY"] and fortnightly["rrule"]["INTERVAL"] == [2]
    # The zone's rules travel with the file.
    assert [str(zone["tzid"]) for zone in cal.walk("VTIMEZONE")] == ["Europe/Berlin"]


def test_an_uneven_rhythm_recurs_daily_and_a_paused_handoff_has_none(demo_db):
    client = juniper(demo_db)
    with demo_db.reading() as session:
        plan = session.exec(select(Transition).where(Transition.client_id == client)).one()
    log.set_cadence(demo_db, plan.id, {"every_check_in": "10"}, expected_version=None)
    event = rhythms(calendar(demo_db, client))[cadence_uid(plan.id, "check_in")]
    assert event["rrule"]["FREQ"] == ["DAILY"] and event["rrule"]["INTERVAL"] == [10]
    transitions.pause(demo_db, plan.id, "client asked to wait")
    assert rhythms(calendar(demo_db, client)) == {}


def test_uids_stay_and_an_edit_raises_the_sequence(demo_db):
    client = juniper(demo_db)
    first = rhythms(calendar(demo_db, client))
    assert export_ics(demo_db, client, today=TODAY) == export_ics(demo_db, client, today=TODAY)
    with demo_db.reading() as session:
        plan = session.exec(select(Transition).where(Transition.client_id == client)).one()
    log.set_cadence(demo_db, plan.id, {"every_status_meeting": "14"}, expected_version=None)
    second = rhythms(calendar(demo_db, client))
    assert set(second) >= set(first)
    uid = cadence_uid(plan.id, "status_meeting")
    assert int(second[uid]["sequence"]) == int(first[uid]["sequence"]) + 1


def test_owners_are_attendees_and_clients_only_when_invited(demo_db):
    client = juniper(demo_db)
    owners = {"tomas@northstar-consulting.example", "helen@northstar-consulting.example"}
    plain = calendar(demo_db, client)
    for event in rhythms(plain).values():
        assert set(emails(event)) == owners
        assert str(event["organizer"]) == "mailto:tomas@northstar-consulting.example"
    assert all(not e.endswith("juniper.example") for c in plain.walk() for e in emails(c))

    invited = rhythms(calendar(demo_db, client, invite_clients=True))
    by_kind = {uid.split("-", 2)[2]: event for uid, event in invited.items()}
    assert "alex.schmidt@juniper.example" in emails(by_kind["client-update@handover"])
    # The status meeting is between the two owners: no invitation for the client.
    assert set(emails(by_kind["status-meeting@handover"])) == owners


def test_an_item_invites_whoever_is_responsible(demo_db):
    todos = calendar(demo_db, juniper(demo_db)).walk("VTODO")
    by_title = {str(todo["summary"]).split(": ", 1)[1]: todo for todo in todos}
    assert emails(by_title["Monitor client satisfaction and address concerns"]) == [
        "helen@northstar-consulting.example"
    ]  # the incoming owner's item


def test_a_hostile_contact_is_never_written(demo_db):
    client = juniper(demo_db)
    contact = contacts.list_contacts(demo_db, client)[0]
    with demo_db.transaction() as session:
        row = session.get(Contact, contact.id)
        row.email = "alex@juniper.example\r\nATTENDEE:mailto:all@evil.example"
        row.name = 'Alex" ; ROLE=CHAIR'
    text = export_ics(demo_db, client, today=TODAY, invite_clients=True)
    assert "evil.example" not in text
    assert "alex@juniper.example" not in text  # a bad address is left out, not mended
    for line in text.splitlines():
        assert not line.startswith("ATTENDEE:mailto:all")


def test_planned_meetings_remind_and_invite(demo_db):
    client = juniper(demo_db)
    log.add_interaction(
        demo_db,
        client,
        {
            "kind": "check_in",
            "occurred_on": TODAY.isoformat(),
            "next_planned_on": (TODAY + timedelta(days=5)).isoformat(),
        },
    )
    cal = calendar(demo_db, client, options=BERLIN, invite_clients=True)
    [meeting] = [e for e in cal.walk("VEVENT") if str(e["uid"]).startswith("interaction-")]
    assert type(meeting["dtstart"].dt) is date  # the log has a date, no time: all day
    assert "alex.schmidt@juniper.example" in emails(meeting)
    [alarm] = meeting.walk("VALARM")
    assert alarm["trigger"].dt == datetime(2026, 11, 27, 8, 0, tzinfo=UTC)


def test_the_default_zone_is_the_systems(demo_db, monkeypatch):
    monkeypatch.setattr("handover_tui.domain.reminders.local_zone_name", lambda: "Asia/Tokyo")
    text = export_ics(demo_db, juniper(demo_db), today=TODAY)
    assert "X-WR-TIMEZONE:Asia/Tokyo" in text and "TZID=Asia/Tokyo" in text


@pytest.mark.parametrize(
    ("zone", "table", "problems"),
    [
        ("Europe/Paris", {"meeting_time": "14:30", "meeting_minutes": 45}, []),
        ("Mars/Olympus", {}, ["timezone"]),
        (
            "",
            {"alarm_time": "9 o'clock", "meeting_minutes": 2, "colour": "red"},
            [
                "alarm_time",
                "meeting_minutes",
                "colour",
            ],
        ),
    ],
)
def test_options_from_settings_keep_defaults_for_bad_values(zone, table, problems):
    options = CalendarOptions.read(zone, table)
    assert sorted(key for key, _message in options.problems) == sorted(problems)
    if not problems:
        assert options.meeting_time == time(14, 30) and options.meeting_minutes == 45
        assert options.zone().key == "Europe/Paris"
    else:
        assert options.alarm_time == time(9, 0) and options.meeting_minutes == 30
