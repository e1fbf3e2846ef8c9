"""The calendar's settings in config.toml, and ``export ics`` using them."""

from __future__ import annotations

from datetime import time

import icalendar

from handover_tui import cli
from handover_tui.config import Settings, config_dir
from handover_tui.db.engine import open_database
from handover_tui.services import demo
from tests.conftest import DEMO_TODAY


def write_settings(text: str):
    config_dir().mkdir(parents=True, exist_ok=True)
    path = config_dir() / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_timezone_and_calendar_table_are_read():
    write_settings(
        'timezone = "Europe/Berlin"\n[calendar]\nalarm_days_before = 2\nalarm_time = "08:30"\n'
        'meeting_time = "15:00"\nmeeting_minutes = 45\n'
    )
    settings = Settings.load()
    assert settings.problems == []
    options = settings.calendar_options()
    assert options.zone().key == "Europe/Berlin"
    assert (options.alarm_days_before, options.alarm_time) == (2, time(8, 30))
    assert (options.meeting_time, options.meeting_minutes) == (time(15, 0), 45)


def test_bad_calendar_settings_name_their_line_and_keep_the_defaults():
    path = write_settings('timezone = "Nowhere/Town"\n[calendar]\nmeeting_time = 10\n')
    settings = Settings.load()
    assert settings.problems == [
        f"{path}, line 1: 'timezone' 'Nowhere/Town' is not a time zone (e.g. Europe/Berlin); "
        "using the system's.",
        f"{path}, line 3: 'calendar.meeting_time' must be a time of day as \"HH:MM\"; "
        "using the default.",
    ]
    options = settings.calendar_options()
    assert options.timezone == "" and options.meeting_time == time(10, 0)


def test_export_ics_uses_the_settings_and_invites_clients_when_asked(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(cli, "_today", lambda: DEMO_TODAY)
    path = tmp_path / "demo.db"
    database = open_database(f"sqlite:///{path}")
    demo.populate(database, today=DEMO_TODAY)
    database.close()
    write_settings('timezone = "America/Chicago"\n[calendar]\nmeeting_time = "11:15"\n')
    assert cli.main(["--db", str(path), "export", "ics", "juniper"]) == 0
    plain = capsys.readouterr().out
    starts = [line for line in plain.splitlines() if line.startswith("DTSTART;TZID=")]
    assert starts and all(
        line.startswith("DTSTART;TZID=America/Chicago:") and line.endswith("T111500")
        for line in starts
    )
    assert "juniper.example" not in plain
    assert cli.main(["--db", str(path), "export", "ics", "juniper", "--invite-clients"]) == 0
    invited = icalendar.Calendar.from_ical(capsys.readouterr().out)
    attendees = [str(a) for e in invited.walk("VEVENT") for a in e.get("attendee", [])]
    assert "mailto:alex.schmidt@juniper.example" in attendees
