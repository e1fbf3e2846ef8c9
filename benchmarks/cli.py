"""The quick commands end to end at 10k clients: ``clients --json``, ``items``, ``note``
and ``tick``, against ``python -c "import sqlmodel"`` measured in the same run.

    python benchmarks/cli.py [--quick]

Each sample is a whole process, as a shell runs it (``python -m handover_tui``, output
to a pipe). Targets (issue 20): ``clients`` and ``items`` <= 0.5 x ``import sqlmodel``,
``note`` and ``tick`` <= 1.2 x. There is no ``agenda`` command to measure.
"""

from __future__ import annotations

import sqlite3
import subprocess
import time

from _common import PYTHON, dataset, figure, isolated_env, runs_wanted, working_copy


def timed(args: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    done = subprocess.run(args, env=env, capture_output=True, text=True, timeout=120)
    elapsed = (time.perf_counter() - started) * 1000
    if done.returncode != 0:
        raise RuntimeError(f"{args} failed: {done.stderr.strip()}")
    return elapsed


def main() -> None:
    runs = runs_wanted()
    cached, facts = dataset(10_000, 100_000)
    copy = working_copy(cached)
    env = isolated_env()
    client = str(facts["big_client_id"])
    with sqlite3.connect(copy) as connection:  # an item on the big client's checklist
        (item,) = connection.execute(
            "SELECT min(id) FROM checklist_item WHERE client_id = ?", (client,)
        ).fetchone()
    handover = [PYTHON, "-m", "handover_tui", "--db", str(copy)]
    commands = {
        "baseline": [PYTHON, "-c", "import sqlmodel"],
        "clients": [PYTHON, "-m", "handover_tui", "--db", str(copy), "clients", "--json"],
        "items": [*handover, "items", client],
        "tick": [*handover, "tick", client, str(item)],
        "note": [
            PYTHON,
            "-m",
            "handover_tui",
            "--db",
            str(copy),
            "note",
            str(facts["big_client_id"]),
            "Called the CFO: renewal terms agreed, paperwork by Friday.",
        ],
    }
    for args in commands.values():
        timed(args, env)  # warm the page cache and the bytecode
    samples: dict[str, list[float]] = {key: [] for key in commands}
    for _ in range(runs):
        for key, args in commands.items():
            samples[key].append(timed(args, env))
    base = samples["baseline"]
    figure("cli.import_sqlmodel", base, None)
    targets = {"clients": 0.5, "items": 0.5, "note": 1.2, "tick": 1.2}
    for key, target in targets.items():
        figure(
            f"cli.{'clients_json' if key == 'clients' else key}.10k",
            samples[key],
            None,
            ratio_to=base,
            ratio_target=target,
            base="import sqlmodel",
        )


if __name__ == "__main__":
    main()
