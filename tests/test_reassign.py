"""``handover reassign``: the plan on a dry run, the transitions without one, and errors
in one sentence."""

from __future__ import annotations

from datetime import date

import pytest

from handover_tui import cli
from handover_tui.db.engine import open_database
from handover_tui.domain.plan import DEFAULT_TEMPLATE
from handover_tui.services import clients, demo, transitions
from tests.conftest import DEMO_TODAY
from tests.test_cli import assert_one_sentence, run


@pytest.fixture
def demo_file(tmp_path, monkeypatch):
    path = tmp_path / "demo.db"
    database = open_database(f"sqlite:///{path}")
    demo.populate(database, today=DEMO_TODAY)
    database.close()
    monkeypatch.setattr(cli, "_today", lambda: DEMO_TODAY)
    return path


def running(path) -> dict[str, tuple[str, str]]:
    """Client name → (outgoing, incoming) of every running transition."""
    database = open_database(f"sqlite:///{path}")
    try:
        found = {}
        for row in clients.list_clients(database):
            plan = transitions.plan_for_client(database, row.id)
            if plan is not None and plan.running:
                found[row.name] = (plan.outgoing, plan.incoming)
        return found
    finally:
        database.close()


def reassign(path, *args: str) -> int:
    return cli.main(["--db", str(path), "reassign", *args])


def test_dry_run_prints_the_plan_and_writes_nothing(demo_file, capsys):
    before = running(demo_file)
    code = reassign(demo_file, "--from", "helen", "--to", "maya", "--dry-run")
    out = capsys.readouterr().out
    assert code == 0
    assert "5 handoffs from Helen Park" in out
    for name in ("Bluefin Capital", "Brightline Media", "Riverbend Credit Union"):
        assert name in out
    assert "→ Maya Okafor" in out
    assert "Dry run: nothing was written." in out
    assert running(demo_file) == before


def test_reassign_creates_the_transitions(demo_file, capsys):
    code = reassign(
        demo_file,
        "--from",
        "Helen Park",
        "--to",
        "tomás",
        "--client",
        "bluefin",
        "--client",
        "Brightline Media",
        "--last-day",
        "2027-01-15",
    )
    out = capsys.readouterr().out
    assert code == 0, out
    assert "Started 2 transitions to Tomás Alvarez." in out
    now = running(demo_file)
    assert now["Bluefin Capital"] == ("Helen Park", "Tomás Alvarez")
    assert now["Brightline Media"] == ("Helen Park", "Tomás Alvarez")
    assert "Riverbend Credit Union" not in now
    database = open_database(f"sqlite:///{demo_file}")
    try:
        bluefin = clients.resolve_client(database, "bluefin")
        plan = transitions.plan_for_client(database, bluefin.id)
    finally:
        database.close()
    assert plan.transition.reason == "owner_leaving"
    assert plan.transition.support_end == date(2027, 1, 15)
    assert len(plan.items) == len(DEFAULT_TEMPLATE)


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--from", "helen", "--to", "helen"], "someone else"),
        (["--from", "nobody", "--to", "maya"], "Nobody's name"),
        (["--from", "helen", "--to", "maya", "--client", "acme"], "not Helen Park's client"),
        (["--from", "helen", "--to", "maya", "--last-day", "2026-11-24"], "at least 3 days"),
        (["--from", "helen", "--to", "maya", "--last-day", "someday"], "date"),
    ],
)
def test_errors_are_one_sentence(demo_file, capsys, args, words):
    assert reassign(demo_file, *args) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("handover: ") and words in err
    assert len(err.splitlines()) == 1


def test_the_installed_command(demo_file):
    """Through the real entry point: an unknown person is one sentence, exit 2."""
    result = run("--db", str(demo_file), "reassign", "--from", "zed", "--to", "maya", "--dry-run")
    assert_one_sentence(result)
    helped = run("reassign", "--help")
    assert helped.returncode == 0 and "--dry-run" in helped.stdout
