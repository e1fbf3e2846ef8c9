"""Full-text search for a two-word query over 100k notes (``services.search.search``).

    python benchmarks/search.py [--quick]

The search every keystroke of the search screen runs: clients, contacts and notes, best
first, 50 hits. Two queries on the 10k-client, 100k-note data set: two common words of
account work (thousands of notes hold both) and two rarer ones. Target: <= 20 ms.
"""

from __future__ import annotations

import time

from _common import dataset, figure, runs_wanted

QUERIES = {"common": "renewal pricing", "rare": "escalation warehouse"}


def main() -> None:
    from handover_tui.db.engine import open_database
    from handover_tui.services import search

    runs = runs_wanted()
    path, _facts = dataset(10_000, 100_000)
    db = open_database(f"sqlite:///{path}")
    try:
        for label, query in QUERIES.items():
            hits = search.search(db, query)  # warm the page cache and the statement cache
            samples = []
            for _ in range(runs):
                started = time.perf_counter()
                hits = search.search(db, query)
                samples.append((time.perf_counter() - started) * 1000)
            figure(f"search.two_words.{label}", samples, 20.0, query=query, hits=len(hits))
    finally:
        db.close()


if __name__ == "__main__":
    main()
