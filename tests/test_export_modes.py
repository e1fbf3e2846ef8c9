"""Exports hold the database's client data, so they are as private as the database file:
0600, or 0660 in a team's group-shared folder, whatever the umask (here the usual 022,
which left the full JSON export readable by every user at 0644)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from handover_tui import cli
from handover_tui.config import Settings
from handover_tui.db.engine import open_database
from handover_tui.services import demo, files
from handover_tui.ui.app import make_app
from tests.conftest import DEMO_TODAY

EXPORTS = [
    ("json", []),
    ("csv", []),
    ("plan", ["juniper"]),
    ("vcf", ["juniper"]),
    ("ics", []),
]


def mode_of(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(autouse=True)
def usual_umask():
    previous = os.umask(0o022)
    yield
    os.umask(previous)


@pytest.fixture
def demo_file(tmp_path: Path) -> Path:
    path = tmp_path / "demo.db"
    database = open_database(f"sqlite:///{path}")
    demo.populate(database, today=DEMO_TODAY)
    database.close()
    return path


def export(database: Path, what: str, extra: list[str], output: Path) -> None:
    args = ["--db", str(database), "export", what, *extra, "-o", str(output)]
    assert cli.main(args) == 0
    assert output.read_text(encoding="utf-8").strip()


def test_every_export_of_the_command_is_private(demo_file, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    for what, extra in EXPORTS:
        target = out / f"export.{what}"
        export(demo_file, what, extra, target)
        assert mode_of(target) == 0o600, what
    # Over an older export left readable by all: replaced whole, private now.
    old = out / "old.json"
    old.write_text("{}")
    old.chmod(0o644)
    export(demo_file, "json", [], old)
    assert mode_of(old) == 0o600
    assert [p.name for p in out.iterdir() if "partial" in p.name] == []


def test_exports_in_a_group_shared_folder_are_shared_with_the_group(demo_file, tmp_path):
    team = tmp_path / "team"
    team.mkdir()
    team.chmod(0o2770)  # setgid and group-writable: how a team's folder is set up
    export(demo_file, "json", [], team / "all.json")
    assert mode_of(team / "all.json") == 0o660
    os.umask(0o077)  # a stricter umask changes nothing either
    files.write_text(team / "note.txt", "kept for the team")
    assert mode_of(team / "note.txt") == 0o660


def test_a_failed_write_leaves_the_old_file_whole(tmp_path):
    target = tmp_path / "roster.csv"
    target.write_text("old")
    with pytest.raises(RuntimeError), files.replacing(target) as partial:
        partial.write_text("half")
        raise RuntimeError("the export failed")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["roster.csv"]


async def test_every_export_of_the_app_is_private(demo_file, tmp_path):
    from handover_tui.ui.screens.interchange import PathPrompt, WorkScreen
    from tests.ui.conftest import settle

    database = open_database(f"sqlite:///{demo_file}")
    app = make_app(Settings(start_screen="roster"), db=database, today=DEMO_TODAY)
    written = []
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            for action, name in [
                (app.action_export_json, "all.json"),
                (app.action_export_csv, "roster.csv"),
                (app.action_export_ics, "due.ics"),
            ]:
                action()
                await settle(pilot)
                prompt = app.screen
                assert isinstance(prompt, PathPrompt)
                prompt.query_one("#path").value = str(tmp_path / name)
                await pilot.press("enter")
                await settle(pilot)
                for _ in range(100):  # the worker writes it
                    if not isinstance(app.screen, WorkScreen):
                        break
                    await pilot.pause(0.05)
                written.append(tmp_path / name)
    finally:
        database.close()
    for path in written:
        assert path.read_text(encoding="utf-8").strip(), path
        assert mode_of(path) == 0o600, path.name
