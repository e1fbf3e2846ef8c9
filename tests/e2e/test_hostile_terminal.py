"""Text another program wrote into the database, with control sequences in it, shown by
the installed command in a real terminal (tmux): the terminal's title never changes and
the sequences show as visible pictures."""

from __future__ import annotations

import sqlite3

import pytest

from handover_tui.db.engine import open_database
from handover_tui.services import demo
from tests.conftest import DEMO_TODAY
from tests.e2e.test_tmux import HANDOVER, Terminal
from tests.e2e.test_tmux import terminal_env as terminal_env  # the fixture

pytestmark = pytest.mark.e2e

TITLE = "Evil\x1b]2;pwned\x07Corp"


@pytest.fixture
def hostile_file(tmp_path):
    path = tmp_path / "hostile.db"
    database = open_database(f"sqlite:///{path}")
    demo.populate(database, today=DEMO_TODAY)
    database.close()
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE client SET name = ? WHERE name = 'Acme Logistics'", (TITLE,))
        connection.execute("UPDATE client SET industry = 'x\x1b]2;pwned2\x07y'")
    connection.close()
    return path


def title_of(terminal: Terminal) -> str:
    return terminal.tmux("display-message", "-p", "-t", terminal.name, "#{pane_title}").strip()


def test_quick_command_and_app_never_retitle_the_terminal(terminal_env, hostile_file):
    command = f"{HANDOVER} --db {hostile_file} clients; sleep 30"
    terminal = Terminal(command, terminal_env)
    try:
        terminal.wait_for("Evil␛]2;pwned␇Corp")
        assert "pwned" not in title_of(terminal)
    finally:
        terminal.close()
    app = f"{HANDOVER} --db {hostile_file}; echo EXITED $?; sleep 30"
    terminal = Terminal(app, terminal_env, size=(120, 36))
    try:
        terminal.wait_for("Needs attention")  # the dashboard
        terminal.press_until("r", "sorted by client")  # the roster
        terminal.wait_for("Evil␛]2;")  # the name may be cut short by its column
        terminal.press_until("C-f", "every one must match")  # search
        terminal.type("evil")
        terminal.wait_for("Evil␛]2;")
        terminal.wait_for(" found · ")
        terminal.send("Down")  # to the results
        terminal.send("Enter")  # open the client: its overview shows the industry
        terminal.wait_for("x␛]2;pwned2␇y")
        assert "pwned" not in title_of(terminal)
        terminal.send("C-q")
        terminal.wait_for("EXITED")
        assert "pwned" not in title_of(terminal)
    finally:
        terminal.close()
