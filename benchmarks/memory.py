"""Peak memory (RSS) at 10k clients and 100k notes: the app with the roster shown, then
the big client (500 notes, 200 checklist items) opened.

    python benchmarks/memory.py [--quick]

A fresh headless process per run (the start-up probe); the figure is its peak resident
set (``ru_maxrss``) when the client's record is painted. Target: <= 150 MiB.
"""

from __future__ import annotations

from _common import dataset, figure, isolated_env, runs_wanted
from startup import probe


def main() -> None:
    runs = runs_wanted()
    path, facts = dataset(10_000, 100_000)
    env = isolated_env("roster") | {"BENCH_CLIENT": str(facts["big_client_id"])}
    args = ["handover", str(path), "--until", "client"]
    probe(args, env)  # warm the page cache
    samples = [probe(args, env)["peak_mib"] for _ in range(runs)]
    figure("memory.peak_rss.10k_clients_100k_notes", samples, 150.0, unit="MiB")


if __name__ == "__main__":
    main()
