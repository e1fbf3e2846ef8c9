"""The installed ``handover`` closing on a hangup or a kill, in a real pseudo-terminal.

A dropped connection closes the terminal: the kernel then sends SIGHUP and SIGCONT, the
terminal answers every read and write with EIO, and the shell sends SIGHUP once more. One
such hangup in about fourteen used to leave the process behind for good, ignoring SIGTERM.
Every start here is a fresh process on a temporary database; a few run at once, so that
forty of them fit in well under a minute on two cores.
"""

from __future__ import annotations

import contextlib
import os
import pty
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

HANDOVER = Path(sys.executable).parent / "handover"
ROUNDS = 20
AT_ONCE = 4
FIRST_SCREEN = b"No clients yet"
STARTS_WITHIN = 60.0  # seconds to the first screen, on a loaded machine
GONE_WITHIN = 15.0  # seconds from the signal to the end of the process

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux terminals"),
]


class Session:
    """One ``handover`` in its own pseudo-terminal, as the controlling terminal of its
    own session (so closing the terminal hangs it up, as sshd does)."""

    def __init__(self, env: dict[str, str]) -> None:
        pid, fd = pty.fork()
        if pid == 0:  # the child: nothing but exec
            try:
                os.execve(HANDOVER, [str(HANDOVER)], env)
            finally:
                os._exit(127)
        self.pid: int | None = pid
        self.fd: int | None = fd
        self.output = bytearray()
        self.started = time.monotonic()
        self.signalled: float | None = None
        self.status: int | None = None

    def read(self) -> None:
        """Take what the app wrote: a terminal nobody reads blocks the writer."""
        if self.fd is None:
            return
        with contextlib.suppress(OSError):  # EIO once the child has gone
            self.output += os.read(self.fd, 65536)

    def drawn(self) -> bool:
        return FIRST_SCREEN in self.output

    def send(self, number: int, *, hang_up: bool) -> None:
        if hang_up:  # the connection drops: the kernel hangs the terminal up
            self.hang_up()
        os.kill(self.pid, number)  # and the shell, or a kill, sends the signal too
        self.signalled = time.monotonic()

    def hang_up(self) -> None:
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None

    def gone(self) -> bool:
        if self.pid is None:
            return True
        done, status = os.waitpid(self.pid, os.WNOHANG)
        if done:
            self.status = os.waitstatus_to_exitcode(status)
            self.pid = None
            self.hang_up()
        return done != 0

    def kill(self) -> None:
        if self.pid is not None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
            self.pid = None
        self.hang_up()


def signal_rounds(env: dict[str, str], number: int, *, hang_up: bool) -> list[str]:
    """Start ``ROUNDS`` sessions (``AT_ONCE`` at a time), signal each once its first
    screen is drawn, and say which outlived ``GONE_WITHIN`` (those are then killed)."""
    waiting = ROUNDS
    running: list[Session] = []
    left: list[str] = []
    try:
        while waiting or running:
            while waiting and len(running) < AT_ONCE:
                running.append(Session(env))
                waiting -= 1
            ready = [s.fd for s in running if s.fd is not None]
            readable = select.select(ready, [], [], 0.05)[0] if ready else []
            if not ready:
                time.sleep(0.05)
            now = time.monotonic()
            for session in list(running):
                if session.fd in readable:
                    session.read()
                if session.signalled is None:
                    if session.drawn():
                        session.send(number, hang_up=hang_up)
                    elif session.gone() or now - session.started > STARTS_WITHIN:
                        shown = bytes(session.output[-300:])
                        pytest.fail(f"handover never drew its first screen; it showed {shown!r}")
                    continue
                if session.gone():
                    running.remove(session)
                elif now - session.signalled > GONE_WITHIN:
                    left.append(f"pid {session.pid} still running {GONE_WITHIN} s after it")
                    session.kill()
                    running.remove(session)
    finally:
        for session in running:
            session.kill()
    return left


@pytest.fixture
def app_env(tmp_path: Path) -> dict[str, str]:
    env = dict(os.environ)  # the isolated XDG folders of the autouse fixture
    env.update(
        HANDOVER_DB=str(tmp_path / "signals.db"),
        XDG_DATA_HOME=str(tmp_path / "data"),
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        TERM="xterm-256color",
        COLUMNS="100",
        LINES="30",
    )
    # Made once before the rounds, which then only open it.
    subprocess.run([HANDOVER, "clients"], env=env, check=True, capture_output=True, timeout=60)
    return env


def test_a_dropped_connection_ends_the_process_every_time(app_env):
    """The terminal hung up (the kernel's SIGHUP and SIGCONT) and SIGHUP sent: 20 starts,
    none left running."""
    assert signal_rounds(app_env, signal.SIGHUP, hang_up=True) == []


def test_sigterm_ends_the_process_every_time(app_env):
    """SIGTERM with the terminal still there: 20 starts, none left running."""
    assert signal_rounds(app_env, signal.SIGTERM, hang_up=False) == []
