"""Start-up: process start to the first painted frame, and to the roster showing data.

    python benchmarks/startup.py [--quick]

Headless, 120x40, at 200, 1k and 10k clients, each as a ratio to the bare Textual app
(bare_app.py) measured in the same run, the runs interleaved so that a busy moment on
the machine hits every variant alike. Targets: first frame <= 1.15 x bare; roster
showing 10k clients <= 2.0 x bare (the same budget is shown for 1k). "Showing data" is
the first frame with rows (the first screenful, read before the rest); the frame with
every row read is shown too, against the same budget. The first start: a new, empty
database (a fresh path each run) to the roster saying how to add the first client, with
the schema created: <= 2.0 x bare (issue 20).
"""

from __future__ import annotations

import json
import subprocess
import tempfile
import time
from pathlib import Path

from _common import HERE, PYTHON, dataset, figure, isolated_env, runs_wanted

PROBE = str(HERE / "_probe.py")


def probe(args: list[str], env: dict[str, str]) -> dict:
    """One child process; its report (milliseconds since it was started, peak RSS)."""
    env = env | {"BENCH_T0": repr(time.time())}
    done = subprocess.run(
        [PYTHON, PROBE, *args], env=env, capture_output=True, text=True, timeout=120
    )
    if done.returncode != 0 or not done.stdout.strip():
        raise RuntimeError(f"probe {args} failed: {done.stderr.strip()[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    runs = runs_wanted()
    sizes = {
        "200": dataset(200, 2_000)[0],
        "1k": dataset(1_000, 10_000)[0],
        "10k": dataset(10_000, 100_000)[0],
    }
    env = isolated_env("roster")
    # Bytecode as an installed copy has it: with PYTHONDONTWRITEBYTECODE set (as it may be
    # in a development shell), every run compiled handover's modules afresh while
    # Textual's came precompiled from site-packages, and the warm-up could not warm them.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    variants = {"bare": ["bare", "--until", "first"]}
    for label, path in sizes.items():
        variants[f"first.{label}"] = ["handover", str(path), "--until", "first"]
        variants[f"data.{label}"] = ["handover", str(path), "--until", "data"]
        variants[f"loaded.{label}"] = ["handover", str(path), "--until", "loaded"]
    variants["new"] = ["handover", "NEW", "--until", "usable"]
    for args in variants.values():  # warm the page cache and the bytecode
        probe(_fresh(args), env)
    samples: dict[str, list[float]] = {key: [] for key in variants}
    for _ in range(runs):
        for key, args in variants.items():
            samples[key].append(probe(_fresh(args), env)["ms"])
    bare = samples["bare"]
    figure("startup.bare_app.first_frame", bare, None)
    for label in sizes:
        figure(
            f"startup.first_frame.{label}",
            samples[f"first.{label}"],
            None,
            ratio_to=bare,
            ratio_target=1.15,
        )
    for label in sizes:
        figure(
            f"startup.roster_data.{label}",
            samples[f"data.{label}"],
            None,
            ratio_to=bare,
            ratio_target=2.0,
        )
    for label in sizes:
        figure(
            f"startup.roster_every_row.{label}",
            samples[f"loaded.{label}"],
            None,
            ratio_to=bare,
            ratio_target=2.0,
        )
    new = samples["new"]
    figure("startup.first_start.new_database", new, None, ratio_to=bare, ratio_target=2.0)


def _fresh(args: list[str]) -> list[str]:
    """``NEW`` stands for a database not made yet, in a new folder each time."""
    folder = Path(tempfile.mkdtemp(prefix="handover-bench-new-"))
    return [str(folder / "handover.db") if arg == "NEW" else arg for arg in args]


if __name__ == "__main__":
    main()
