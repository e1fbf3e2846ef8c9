"""Crash safety: a writer killed at any moment leaves a sound database with every write
it confirmed; SIGHUP and SIGTERM close the app cleanly."""

from __future__ import annotations

import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

WRITER = Path(__file__).with_name("writer.py")


def test_sigkill_at_random_moments_loses_no_confirmed_write(tmp_path):
    path = tmp_path / "crash.db"
    log = tmp_path / "confirmed.log"
    rng = random.Random(20261123)
    for _round in range(50):
        before = log.stat().st_size if log.exists() else 0
        process = subprocess.Popen(
            [sys.executable, str(WRITER), f"sqlite:///{path}", str(log)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        # Let it confirm its first write (after imports, open, migrations), then kill it
        # somewhere in the middle of its loop.
        deadline = time.monotonic() + 30
        while (not log.exists() or log.stat().st_size == before) and time.monotonic() < deadline:
            if process.poll() is not None:
                raise AssertionError(process.stderr.read().decode())
            time.sleep(0.02)
        time.sleep(rng.uniform(0.0, 0.25))
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)
        process.stderr.close()
        connection = sqlite3.connect(path)
        try:
            assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
            stored = {row[0] for row in connection.execute("SELECT title FROM note")}
        finally:
            connection.close()
        confirmed = set(log.read_text().split())
        assert confirmed <= stored, sorted(confirmed - stored)[:5]
    assert len(confirmed) > 50  # the writer did get work done between the kills
