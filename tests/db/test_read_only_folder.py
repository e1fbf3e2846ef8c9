"""A database in a folder the user cannot write, tried as that user (``nobody``).

SQLite reads a file in WAL mode through its ``-shm`` index, which nobody can create
there: the file is read as immutable then (``mode=ro`` when a session has it open and
the index exists). Root writes anywhere, so these tests switch to ``nobody`` and skip,
saying why, where that user cannot run this interpreter.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from handover_tui.db.engine import open_database
from handover_tui.services import demo
from tests.conftest import DEMO_TODAY


def _switch() -> list[str] | None:
    """The command prefix that runs a program as ``nobody``, or None."""
    if os.geteuid() != 0:
        return None
    if shutil.which("setpriv"):
        return ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"]
    if shutil.which("runuser"):
        return ["runuser", "-u", "nobody", "--"]
    return None


def _interpreter() -> tuple[str, list[str]]:
    """A Python that nobody can run, with this test run's code and packages.

    This interpreter may live in root's private home folder; started as nobody it would
    find no standard library of its own. The system's Python of the same version can
    use the same packages (one ABI per minor version), given on PYTHONPATH.
    """
    import site

    import handover_tui

    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    for folder in ("/usr/bin", "/usr/local/bin"):
        candidate = Path(folder) / version
        if candidate.is_file() and Path(sys.executable).resolve() != candidate.resolve():
            code = Path(handover_tui.__file__).resolve().parents[1]
            return str(candidate), [str(code), *site.getsitepackages()]
    return sys.executable, []


@pytest.fixture(scope="module")
def shared() -> Iterator[Path]:
    """A folder every user can read and only root can write, outside pytest's private
    temporary folder; ``home`` in it is nobody's."""
    folder = Path(tempfile.mkdtemp(prefix="handover-read-only-"))
    try:
        folder.chmod(0o755)
        home = folder / "home"
        home.mkdir()
        config = home / "config" / "handover"
        config.mkdir(parents=True)
        (config / "config.toml").write_text('start_screen = "roster"\n')
        if os.geteuid() == 0:
            for path in [home, *home.rglob("*")]:
                os.chown(path, 65534, -1)
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="module")
def as_nobody(shared: Path):
    """Run ``python -c CODE ARGS…`` (or ``-m handover_tui ARGS…``) as nobody."""
    prefix = _switch()
    if prefix is None:
        pytest.skip("switching to the user nobody needs root and setpriv or runuser")
    home = shared / "home"
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_CACHE_HOME": str(home / "cache"),
        "XDG_STATE_HOME": str(home / "state"),
        "TZ": "UTC",
        "TEXTUAL_ANIMATIONS": "none",
    }
    interpreter, paths = _interpreter()
    if "PYTHONPATH" in os.environ:  # the code under test, whichever tree it comes from
        paths.insert(0, os.environ["PYTHONPATH"])
    if paths:
        env["PYTHONPATH"] = os.pathsep.join(paths)

    def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
        # The interpreter is started by setpriv itself: a shell or env in between would
        # look it up as nobody, and may not be let through a private home folder.
        return subprocess.run(
            [*prefix, interpreter, *args],
            capture_output=True,
            text=True,
            timeout=120,
            input=stdin,
            stdin=None if stdin is not None else subprocess.DEVNULL,
            env=env,
            cwd=shared,
        )

    probe = run("-c", "import handover_tui.cli")
    if probe.returncode != 0:
        why = (probe.stderr.strip().splitlines() or ["no reason given"])[-1]
        pytest.skip(f"the user nobody cannot run {interpreter}: {why}")
    return run


@pytest.fixture
def folder(shared: Path, tmp_path: Path) -> Iterator[Path]:
    """The demo database, made here and copied into a folder only root can write."""
    made = tmp_path / "handover.db"
    database = open_database(f"sqlite:///{made}")
    demo.populate(database, today=DEMO_TODAY)
    database.close()
    place = Path(tempfile.mkdtemp(prefix="data-", dir=shared))
    place.chmod(0o755)
    shutil.copy(made, place / "handover.db")
    (place / "handover.db").chmod(0o644)
    yield place
    shutil.rmtree(place, ignore_errors=True)


def handover(as_nobody, path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return as_nobody("-m", "handover_tui", "--db", str(path), *args)


def test_quick_commands_read_a_file_in_a_folder_you_cannot_write(as_nobody, folder):
    path = folder / "handover.db"
    listed = handover(as_nobody, path, "clients")
    assert listed.returncode == 0, listed.stderr
    assert "Acme Logistics" in listed.stdout
    assert len(listed.stdout.splitlines()) == 28  # the demo's clients, less one archived
    exported = handover(as_nobody, path, "export", "json")
    assert exported.returncode == 0, exported.stderr
    assert len(json.loads(exported.stdout)["client"]) == 29
    roster = handover(as_nobody, path, "export", "csv")
    assert roster.returncode == 0 and "Acme Logistics" in roster.stdout
    # The standard library's read (the roster's first screenful) works too.
    quick = as_nobody(
        "-c",
        "import sys; from pathlib import Path; from handover_tui.db import roster_read;"
        " print(len(roster_read.roster_rows(Path(sys.argv[1])) or []))",
        str(path),
    )
    assert quick.stdout.strip() == "29", quick.stderr
    refused = handover(as_nobody, path, "note", "acme", "Written by nobody")
    assert refused.returncode == 2
    assert (
        refused.stderr.strip() == f"handover: Nothing can be changed: {path} is read-only for you."
    )
    assert sorted(child.name for child in folder.iterdir()) == ["handover.db"]


APP = """
import asyncio, json, sys
from handover_tui import cli
from handover_tui.services import clients
from handover_tui.ui.app import HandoverApp

seen = {}

async def drive(app):
    async with app.run_test(size=(120, 30)) as pilot:
        for _ in range(100):
            await pilot.pause(0.05)
            if app._db is not None and getattr(app.screen, "loaded", False):
                break
        seen["header"] = app.format_title("handover", "Roster").plain
        seen["error"] = app._db_error
        seen["frozen"] = app._db.frozen
        seen["rows"] = len(app.screen._every)
        seen["changed"] = app._watcher.changed()
        seen["listed"] = len(clients.list_clients(app._db))
        seen["toast"] = [n.message for n in app._notifications]
        app.exit()

HandoverApp.run = lambda app, **_: asyncio.run(drive(app))
seen["code"] = cli.main(["--db", sys.argv[1]])
print(json.dumps(seen))
"""


def test_the_app_opens_read_only_and_says_others_changes_wait(as_nobody, folder):
    path = folder / "handover.db"
    result = as_nobody("-c", APP, str(path))
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen["code"] == 0 and seen["error"] is None
    assert seen["header"].startswith("READ-ONLY (changes by others show when reopened) handover")
    assert seen["frozen"] is True and seen["changed"] is False  # no live refresh
    assert seen["rows"] == 29 and seen["listed"] == 28
    assert any(
        f"{path} is read-only for you; changes by others will not show until "
        "handover is reopened" in toast
        for toast in seen["toast"]
    )


WATCH = """
import sys
from handover_tui.db.changes import ChangeWatcher
from handover_tui.db.engine import open_database
from handover_tui.services import clients

db = open_database("sqlite:///" + sys.argv[1], read_only="the folder is read-only for you")
watcher = ChangeWatcher(db)
watcher.changed()
print(db.frozen, len(clients.list_clients(db)), flush=True)
sys.stdin.readline()
print(watcher.changed(), len(clients.list_clients(db)), flush=True)
db.close()
"""


def test_while_a_session_has_it_open_reads_stay_live(as_nobody, folder):
    """The owner's open session keeps the ``-shm`` index: ``mode=ro`` reads through it,
    and sees the owner's later commits."""
    path = folder / "handover.db"
    owner = sqlite3.connect(path, isolation_level=None)
    try:
        owner.execute("SELECT count(*) FROM client").fetchone()
        assert Path(f"{path}-shm").exists()
        os.chmod(f"{path}-shm", 0o644)
        os.chmod(f"{path}-wal", 0o644)
        watcher = subprocess.Popen(
            [*_switch(), sys.executable, "-c", WATCH, str(path)],  # type: ignore[misc]
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=folder.parent,
            env={
                "PATH": os.environ.get("PATH", ""),
                "HOME": str(folder.parent / "home"),
                "PYTHONPATH": os.environ.get("PYTHONPATH", ""),
            },
        )
        try:
            first = watcher.stdout.readline().split()  # type: ignore[union-attr]
            assert first == ["False", "28"], watcher.stderr.read()  # type: ignore[union-attr]
            owner.execute("UPDATE client SET status = 'active' WHERE status = 'archived'")
            later, _ = watcher.communicate("\n", timeout=60)
        finally:
            watcher.kill()
        assert later.split() == ["True", "29"]
    finally:
        owner.close()


def test_a_file_you_cannot_read_is_not_called_a_missing_folder(as_nobody, folder):
    path = folder / "handover.db"
    path.chmod(0o600)
    result = handover(as_nobody, path, "clients")
    assert result.returncode == 2
    assert result.stderr.strip() == f"handover: Cannot open {path}: you are not allowed to read it."
