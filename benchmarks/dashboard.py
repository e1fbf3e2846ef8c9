"""The dashboard, the default start screen: process start to its first frame with data.

    python benchmarks/dashboard.py [--quick]

Headless, 120x40, at 200, 1k and 10k clients, as a ratio to the bare Textual app measured in
the same run (interleaved), like startup.py but with the configuration's default start
screen. Targets (issue 20): <= 1.5 x bare at 200 clients, <= 2.0 x at 1k and 10k. The
dashboard judges every client on the roster (signals), so this figure grows with it.
"""

from __future__ import annotations

from _common import dataset, figure, isolated_env, runs_wanted
from startup import probe


def main() -> None:
    runs = runs_wanted()
    sizes = {
        "200": dataset(200, 2_000)[0],
        "1k": dataset(1_000, 10_000)[0],
        "10k": dataset(10_000, 100_000)[0],
    }
    env = isolated_env("dashboard")
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # see startup.py
    variants = {"bare": ["bare", "--until", "first"]}
    for label, path in sizes.items():
        variants[f"board.{label}"] = ["handover", str(path), "--until", "board"]
    for args in variants.values():  # warm the page cache and the bytecode
        probe(args, env)
    samples: dict[str, list[float]] = {key: [] for key in variants}
    for _ in range(runs):
        for key, args in variants.items():
            samples[key].append(probe(args, env)["ms"])
    bare = samples["bare"]
    figure("dashboard.bare_app.first_frame", bare, None)
    for label in sizes:
        figure(
            f"dashboard.data.{label}",
            samples[f"board.{label}"],
            None,
            ratio_to=bare,
            ratio_target=1.5 if label == "200" else 2.0,
        )


if __name__ == "__main__":
    main()
