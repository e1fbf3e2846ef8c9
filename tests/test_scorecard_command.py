"""``handover scorecard`` and the service behind the people screen: the same figures
from the open database and from the file read without SQLAlchemy."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import timedelta

import pytest

from handover_tui import cli
from handover_tui.db.engine import open_database
from handover_tui.services import clients, health, log, people, scorecard, transitions
from tests.conftest import DEMO_TODAY

DAY = timedelta(days=1)


@pytest.fixture
def team_file(tmp_path, monkeypatch):
    monkeypatch.setattr(cli, "_today", lambda: DEMO_TODAY)
    path = tmp_path / "team.db"
    db = open_database(f"sqlite:///{path}")
    maya = people.create_person(db, {"name": "Maya Okafor", "capacity": "2"})
    sam = people.create_person(db, {"name": "Sam Whitfield", "email": "sam@example.com"})
    acme = clients.create_client(db, {"name": "Acme", "owner_id": maya.id})
    bolt = clients.create_client(db, {"name": "Bolt", "owner_id": maya.id})
    clients.create_client(db, {"name": "Corvid", "owner_id": sam.id})
    for client, when, score, revenue, outcome in (
        (acme, 300, 6, "1000", ""),
        (acme, 20, 8, "1200", "renewed"),
        (bolt, 200, 9, "", "lost"),
        (bolt, 500, 2, "", "renewed"),  # older than 12 months: left out
    ):
        health.record_snapshot(
            db,
            client.id,
            {
                "taken_on": (DEMO_TODAY - when * DAY).isoformat(),
                "satisfaction": str(score),
                "revenue": revenue,
                "renewal_outcome": outcome,
            },
        )
    for days_ago in (5, 40, 89, 120):
        log.add_interaction(
            db,
            acme.id,
            {"kind": "check_in", "occurred_on": (DEMO_TODAY - days_ago * DAY).isoformat()},
        )
    transitions.start_transition(
        db,
        bolt.id,
        {"incoming_id": sam.id, "reason": "workload", "start": DEMO_TODAY.isoformat()},
        today=DEMO_TODAY,
    )
    db.close()
    return path


def test_the_scorecard_of_one_owner(team_file, capsys):
    assert cli.main(["--db", str(team_file), "scorecard", "--owner", "maya"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "Maya Okafor: 2 clients, load 2 of 2",
        "  Renewal retention (12 months): 1 of 2 kept (50%)",
        "  Revenue change (12 months):    USD +20% (1 client)",
        "  Satisfaction (12 months):      8.5/10, up 2.0",
        "  Interactions (90 days):        0.5 per client a month",
        "  Open handoffs:                 1",
    ]


def test_json_for_everyone_matches_the_open_database(team_file, capsys):
    assert cli.main(["--db", str(team_file), "scorecard", "--json"]) == 0
    cards = json.loads(capsys.readouterr().out)
    assert [c["name"] for c in cards] == ["Maya Okafor", "Sam Whitfield"]
    sam = cards[1]
    assert (sam["clients"], sam["load"], sam["open_handoffs"]) == (1, 2, 1)  # receiving Bolt
    db = open_database(f"sqlite:///{team_file}")
    try:
        opened = scorecard.scorecards(db, DEMO_TODAY)
    finally:
        db.close()
    assert [card.as_json() for card in opened.values()] == cards


def test_an_unknown_owner_is_one_sentence(team_file, capsys):
    assert cli.main(["--db", str(team_file), "scorecard", "--owner", "zed"]) == 2
    assert "Nobody's name or e-mail is 'zed'" in capsys.readouterr().err


def test_scorecard_loads_neither_sqlalchemy_nor_textual(team_file):
    probe = (
        "import sys, contextlib, io\n"
        "from handover_tui.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    main(['--db', {str(team_file)!r}, 'scorecard', '--json'])\n"
        "print(sorted(m for m in ('sqlalchemy', 'sqlmodel', 'textual') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert done.stdout.strip() == "[]", done.stderr
