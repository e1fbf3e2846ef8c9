"""The installed ``handover`` command in a real terminal (tmux), driven by keys."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

HANDOVER = Path(sys.executable).parent / "handover"

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]


class Terminal:
    """A tmux session running one command, read through capture-pane."""

    def __init__(self, command: str, env: dict[str, str], size=(100, 30)) -> None:
        self.name = f"handover-test-{uuid.uuid4().hex[:8]}"
        self.env = env
        width, height = size
        self.tmux(
            "new-session", "-d", "-s", self.name, "-x", str(width), "-y", str(height), command
        )

    def tmux(self, *args: str) -> str:
        result = subprocess.run(
            ["tmux", *args], capture_output=True, text=True, env=self.env, timeout=30
        )
        return result.stdout

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", self.name)

    def send(self, *keys: str) -> None:
        for key in keys:
            self.tmux("send-keys", "-t", self.name, key)
            time.sleep(0.05)

    def type(self, text: str) -> None:
        self.tmux("send-keys", "-t", self.name, "-l", text)

    def wait_for(self, text: str, timeout: float = 30) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            shown = self.screen()
            if text in shown:
                return shown
            time.sleep(0.2)
        raise AssertionError(f"{text!r} never appeared; the screen shows:\n{self.screen()}")

    def press_until(self, key: str, text: str, tries: int = 3) -> str:
        """Press ``key`` until ``text`` shows; a key typed while the terminal is still
        answering the app's start-up queries can be taken for part of an answer."""
        for attempt in range(tries):
            self.send(key)
            try:
                return self.wait_for(text, timeout=10)
            except AssertionError:
                if attempt == tries - 1:
                    raise
        return self.screen()

    def close(self) -> None:
        self.tmux("kill-session", "-t", self.name)


@pytest.fixture
def terminal_env(isolated_home) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("TMUX")}
    env["TERM"] = "xterm-256color"
    env["TMUX_TMPDIR"] = str(isolated_home)
    return env


def test_open_a_client_by_keys_and_quit(terminal_env):
    terminal = Terminal(f"{HANDOVER} --demo; echo EXITED $?; sleep 30", terminal_env)
    try:
        terminal.wait_for("Needs attention")  # with clients, the app opens on the dashboard
        terminal.press_until("r", "Acme Logistics")
        assert "28 clients" in terminal.wait_for("28 clients")
        terminal.send("/")
        terminal.type("harbor")
        terminal.wait_for("1 client ")
        terminal.send("Enter")  # leave the filter for the list
        terminal.send("Enter")  # open the client
        terminal.wait_for("Harborview Hospital")  # the header and the body repaint apart
        shown = terminal.wait_for("Lifecycle stage")
        assert "Owner" in shown and "Renewal date" in shown
        terminal.send("c")
        terminal.wait_for("Time zone")
        terminal.send("Escape")
        terminal.wait_for("sorted by client")
        terminal.send("q")
        assert "EXITED 0" in terminal.wait_for("EXITED")
    finally:
        terminal.close()


def test_ctrl_q_quits_from_a_client(terminal_env, tmp_path):
    database = tmp_path / "mine.db"
    terminal = Terminal(f"{HANDOVER} --db {database}; echo EXITED $?; sleep 30", terminal_env)
    try:
        terminal.wait_for("No clients yet")
        terminal.send("n")
        terminal.wait_for("New client")
        terminal.type("Tmux Test Co")
        terminal.send("C-s")
        terminal.wait_for("1 client ")
        terminal.send("Enter")
        terminal.wait_for("Lifecycle stage")
        terminal.send("C-q")
        assert "EXITED 0" in terminal.wait_for("EXITED")
    finally:
        terminal.close()
    listed = subprocess.run(
        [str(HANDOVER), "--db", str(database), "clients"], capture_output=True, text=True
    )
    assert "Tmux Test Co" in listed.stdout
    assert oct(database.stat().st_mode & 0o777) == "0o600"


def test_dashboard_to_a_client_with_a_malformed_config(terminal_env, isolated_home):
    """A broken setting is reported with its line and key; the app still starts."""
    config = isolated_home / "config" / "handover"
    config.mkdir(parents=True)
    (config / "config.toml").write_text('[signals]\nquiet_days = "soon"\n')
    terminal = Terminal(f"{HANDOVER} --demo; echo EXITED $?; sleep 30", terminal_env)
    try:
        shown = terminal.wait_for("signals.quiet_days")
        assert "line 2" in shown
        terminal.wait_for("High (")
        # The first signal: its client, on the tab to act on.
        terminal.press_until("Enter", "Overview  Transition")
        terminal.send("Escape")
        terminal.wait_for("Needs attention")
        terminal.send("q")
        assert "EXITED 0" in terminal.wait_for("EXITED")
    finally:
        terminal.close()


@pytest.mark.parametrize("signal_name", ["HUP", "TERM"])
def test_a_dropped_connection_closes_cleanly_and_keeps_the_typing(
    terminal_env, tmp_path, isolated_home, signal_name
):
    import signal
    import sqlite3

    database = tmp_path / "mine.db"
    terminal = Terminal(f"{HANDOVER} --db {database}; echo EXITED $?; sleep 30", terminal_env)
    try:
        terminal.wait_for("No clients yet")
        terminal.press_until("n", "New client")
        terminal.type("Typed Before The Drop")
        time.sleep(1.5)  # the form keeps a draft half a second after the last key
        shell = terminal.tmux("list-panes", "-t", terminal.name, "-F", "#{pane_pid}").strip()
        child = subprocess.run(
            ["pgrep", "-P", shell], capture_output=True, text=True, check=True
        ).stdout.split()[0]
        subprocess.run(["kill", f"-{signal_name}", child], check=True)
        code = 128 + getattr(signal, f"SIG{signal_name}")
        shown = terminal.wait_for("EXITED")
        assert f"EXITED {code}" in shown
    finally:
        terminal.close()
    connection = sqlite3.connect(database)
    assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    connection.close()
    kept = list((isolated_home / "state" / "handover" / "drafts").glob("*.json"))
    assert len(kept) == 1 and "Typed Before The Drop" in kept[0].read_text()


def colour_codes(screen: str) -> list[str]:
    """The SGR parameters in ``screen`` that set a colour (not bold, reverse, or default)."""
    import re

    colours = {38, 48, *range(30, 38), *range(40, 48), *range(90, 98), *range(100, 108)}
    found = []
    for params in re.findall(r"\x1b\[([0-9;:]*)m", screen):
        numbers = [int(part) for part in params.replace(":", ";").split(";") if part.isdigit()]
        if colours & set(numbers):
            found.append(params)
    return found


def reversed_at(screen: str, text: str) -> bool:
    """Is ``text`` drawn in reverse? capture-pane -e only writes what changes from one
    cell to the next, across lines too, so the escapes are replayed from the top."""
    import re

    at = screen.index(text)
    reverse = False
    for match in re.finditer(r"\x1b\[([0-9;]*)m", screen[:at]):
        for param in match.group(1).split(";"):
            if param in ("", "0", "27"):
                reverse = False
            elif param == "7":
                reverse = True
    return reverse


def test_no_color_sends_no_colour_only_bold_and_reverse(terminal_env, tmp_path):
    """NO_COLOR=1: not one colour escape; the cursor still shows, in reverse."""
    terminal_env["NO_COLOR"] = "1"
    terminal_env["HANDOVER_DB"] = str(tmp_path / "unused.db")
    terminal = Terminal(f"{HANDOVER} --demo; echo EXITED $?; sleep 30", terminal_env)
    try:
        terminal.wait_for("Needs attention")
        terminal.wait_for("High (")
        # The cursor: the first signal on the dashboard, the first client on the roster.
        for cursor, other in [("Cedar & Pine", "Lumen Energy"), ("Acme", "Bluefin")]:
            if cursor == "Acme":
                terminal.press_until("r", "sorted by client")
            shown = terminal.tmux("capture-pane", "-e", "-p", "-t", terminal.name)
            assert "\x1b[" in shown  # capture-pane -e did keep the escapes
            assert colour_codes(shown) == []
            assert reversed_at(shown, cursor) and not reversed_at(shown, other)
        terminal.send("q")
        assert "EXITED 0" in terminal.wait_for("EXITED")
    finally:
        terminal.close()


def test_a_name_typed_right_behind_n_lands_in_the_form(terminal_env):
    """One write to the terminal, as a paste or a fast typist sends it: the keys after
    "n" wait for the new client form instead of acting on the roster under it (where a
    shows archived clients, m marks and e edits)."""
    terminal = Terminal(f"{HANDOVER} --demo; echo EXITED $?; sleep 30", terminal_env)
    try:
        terminal.wait_for("Needs attention")
        terminal.press_until("r", "28 clients")
        terminal.type("nAcme Sea Freight")
        shown = terminal.wait_for("Acme Sea Freight")
        assert "New client" in shown and "Edit" not in shown
        terminal.send("C-s")
        terminal.wait_for("29 clients")
        # The "saved" toast covers the end of the status line for a few seconds.
        shown = terminal.wait_for("archived hidden")  # not shown by the typed A
        assert "1 marked" not in shown  # nor a client marked by the typed m
        terminal.send("q")
        assert "EXITED 0" in terminal.wait_for("EXITED")
    finally:
        terminal.close()


def test_keys_sent_back_to_back_reach_the_screen_in_front(terminal_env):
    """One send-keys call, as a fast typist or a paste over SSH: two moves down, enter
    to open, c for the contacts tab; then n and a name typed straight into the new
    client form. No key acts on a screen other than the one it was aimed at."""
    terminal = Terminal(f"{HANDOVER} --demo; echo EXITED $?; sleep 30", terminal_env)
    try:
        terminal.wait_for("Needs attention")
        terminal.press_until("r", "Acme Logistics")
        terminal.tmux("send-keys", "-t", terminal.name, "j", "j", "Enter", "c")
        shown = terminal.wait_for("Time zone")
        assert "Brightline Media" in shown.splitlines()[0]
        terminal.send("Escape")
        terminal.wait_for("sorted by client")
        name = [*"Quay", "Space", *"Freight"]
        terminal.tmux("send-keys", "-t", terminal.name, "n", *name)
        shown = terminal.wait_for("Quay Freight")
        assert "New client" in shown
        terminal.send("C-s")
        shown = terminal.wait_for("Saved Quay Freight")
        assert "to undo" not in shown  # no "Archived …. Press u to undo." toast
        terminal.send("q")
        assert "EXITED 0" in terminal.wait_for("EXITED")
    finally:
        terminal.close()
