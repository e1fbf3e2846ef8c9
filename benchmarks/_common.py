"""What every benchmark shares: figures as JSON lines, a clock on painted frames, and an
isolated environment (no user settings, no user data) for the app under test."""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
if not Path(PYTHON).exists():
    PYTHON = sys.executable
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(HERE))

RUNS = 7
QUICK_RUNS = 5


def runs_wanted(argv: Sequence[str] | None = None) -> int:
    """Seven runs, or five with ``--quick`` (the issue asks for at least five)."""
    args = sys.argv[1:] if argv is None else argv
    return QUICK_RUNS if "--quick" in args else RUNS


def figure(
    name: str,
    samples: Sequence[float],
    target: float | None,
    *,
    unit: str = "ms",
    ratio_to: Sequence[float] | None = None,
    ratio_target: float | None = None,
    base: str = "bare",
    **extra: Any,
) -> dict[str, Any]:
    """Print one JSON line for a figure: median, min, max, runs, target and verdict.

    With ``ratio_to`` (the bare app's samples) the verdict is on the ratio of medians,
    against ``ratio_target``; ``target`` is then the absolute budget that ratio implies.
    """
    median = statistics.median(samples)
    key = "median_ms" if unit == "ms" else "median_mib"
    line: dict[str, Any] = {
        "figure": name,
        key: round(median, 2),
        "min": round(min(samples), 2),
        "max": round(max(samples), 2),
        "runs": len(samples),
    }
    if ratio_to is not None and ratio_target is not None:
        middle = statistics.median(ratio_to)
        ratio = median / middle
        line |= {
            "target": f"<= {ratio_target} x {base} ({ratio_target * middle:.0f} ms)",
            f"{base.replace(' ', '_')}_median_ms": round(middle, 2),
            "ratio": round(ratio, 3),
            "meets": ratio <= ratio_target,
        }
    else:
        line |= {"target": target, "meets": target is None or median <= target}
    line |= extra
    print(json.dumps(line), flush=True)
    return line


def isolated_env(start_screen: str = "roster") -> dict[str, str]:
    """Environment for a child process: its own config and data folders (the user's are
    never read), a config that opens on ``start_screen``, and ``src`` on the path."""
    home = Path(tempfile.mkdtemp(prefix="handover-bench-"))
    (home / "config" / "handover").mkdir(parents=True)
    (home / "config" / "handover" / "config.toml").write_text(f'start_screen = "{start_screen}"\n')
    env = dict(os.environ)
    env |= {
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_STATE_HOME": str(home / "state"),
        "XDG_CACHE_HOME": str(home / "cache"),
        "PYTHONPATH": str(ROOT / "src"),
        "TEXTUAL": "",
    }
    env.pop("HANDOVER_DB", None)
    return env


def isolate_here(start_screen: str = "roster") -> None:
    """The same isolation for this process (in-process Pilot benchmarks)."""
    for key, value in isolated_env(start_screen).items():
        if key.startswith("XDG_"):
            os.environ[key] = value


class FrameClock:
    """Notes when the app paints a frame, and the first frame after a condition holds.

    Headless Textual composes each frame but writes nothing; the clock also turns the
    frame into terminal output (and throws it away), so a frame costs what it would on
    a terminal.
    """

    def __init__(self, app: Any) -> None:
        self.app = app
        self.frames = 0
        self.last = 0.0
        self.waiting: Callable[[], bool] | None = None
        self.hit: float | None = None
        original = app._display

        def display(screen: Any, renderable: Any) -> None:
            original(screen, renderable)
            if renderable is None or app._batch_count:
                return
            render = getattr(renderable, "render_segments", None)
            if render is not None:
                render(app.console)
            now = time.perf_counter()
            self.frames += 1
            self.last = now
            if self.waiting is not None and self.hit is None and self.waiting():
                self.hit = now

        app._display = display

    def arm(self, condition: Callable[[], bool]) -> None:
        """From now on, note the first frame painted while ``condition()`` holds (arm
        before pressing the key: Pilot's press may see the frame through)."""
        self.hit = None
        self.waiting = condition

    async def wait(self, pilot: Any, timeout: float = 60) -> float:
        """The time of the frame :meth:`arm` asked for, waiting for it if need be."""
        deadline = time.perf_counter() + timeout
        try:
            while self.hit is None:
                if time.perf_counter() > deadline:
                    raise TimeoutError("the awaited frame never came")
                await pilot.pause(0.001)
            return self.hit
        finally:
            self.waiting = None

    async def until(self, pilot: Any, condition: Callable[[], bool], timeout: float = 60) -> float:
        """Wait for the first frame painted while ``condition()`` holds; its time."""
        self.arm(condition)
        return await self.wait(pilot, timeout)


def dataset(clients: int, notes: int) -> tuple[Path, dict[str, Any]]:
    """The cached data set of this size (built on first use)."""
    from make_dataset import dataset as build

    return build(clients, notes)


def working_copy(path: Path) -> Path:
    """A copy of a cached data set to write to (ticks, notes), in a fresh folder."""
    import sqlite3

    folder = Path(tempfile.mkdtemp(prefix="handover-bench-db-"))
    target = folder / path.name
    source = sqlite3.connect(path)
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)
    finally:
        copy.close()
        source.close()
    target.chmod(0o600)
    folder.chmod(0o700)
    return target
