"""The quick commands end to end: ``handover clients --json`` and ``handover note`` at
10k clients, against ``python -c "import sqlmodel"`` measured in the same run.

    python benchmarks/cli.py [--quick]

Each sample is a whole process, as a shell runs it (``python -m handover_tui``, output
to a pipe). Target: ``clients --json`` <= 1.5 x ``import sqlmodel``; ``note`` has no
target in the issue and is shown against the same budget.
"""

from __future__ import annotations

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
    commands = {
        "baseline": [PYTHON, "-c", "import sqlmodel"],
        "clients": [PYTHON, "-m", "handover_tui", "--db", str(copy), "clients", "--json"],
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
    figure(
        "cli.clients_json.10k",
        samples["clients"],
        None,
        ratio_to=base,
        ratio_target=1.5,
        base="import sqlmodel",
    )
    figure(
        "cli.note.10k",
        samples["note"],
        None,
        ratio_to=base,
        ratio_target=1.5,
        base="import sqlmodel",
    )


if __name__ == "__main__":
    main()
