"""Every benchmark, one after the other: one JSON line per figure on stdout.

    python benchmarks/run.py [--quick]

``--quick`` takes five runs per figure instead of seven. The data sets are built on
first use and cached under benchmarks/.data (the 100k-client one takes some minutes).
Each script also runs alone: startup.py, dashboard.py, roster_filter.py, client_open.py
(open and tick), search.py, memory.py and cli.py.
"""

from __future__ import annotations

import subprocess
import sys

from _common import HERE, PYTHON

SCRIPTS = ["startup", "dashboard", "roster_filter", "client_open", "search", "memory", "cli"]


def main() -> int:
    flags = [arg for arg in sys.argv[1:] if arg == "--quick"]
    failed = []
    for name in SCRIPTS:
        done = subprocess.run([PYTHON, str(HERE / f"{name}.py"), *flags])
        if done.returncode != 0:
            failed.append(name)
    if failed:
        print(f"failed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
