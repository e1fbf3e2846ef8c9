"""Full-text search for a two-word query over 100k notes (``services.search.search``).

    python benchmarks/search.py [--quick]

The search every keystroke of the search screen runs: clients, contacts and notes, best
first, 50 hits. Two queries on the 10k-client, 100k-note data set: two common words of
account work (thousands of notes hold both) and two rarer ones. Target: <= 20 ms.

Then the same queries on a copy of the data set with one more note, the newest, of the
largest size a note may have (``MAX_NOTE_BODY`` characters), a running log whose every
other sentence names the two words of one query or the other (a match every 15 words or
so), its title holding both queries: it is the first note found by both. Target: within
2 x the figure without it (its snippet used to cost the square of its matches: about 1 s).
"""

from __future__ import annotations

import random
import shutil
import time

from _common import dataset, figure, runs_wanted, working_copy

QUERIES = {"common": "renewal pricing", "rare": "escalation warehouse"}
BIG_TITLE = "Call log: renewal pricing, warehouse escalation"
MENTIONS = [
    "Renewal pricing came up again.",
    "Another escalation from the warehouse.",
    "The renewal depends on the pricing review.",
    "The warehouse team asked about the escalation.",
]


def max_note_body() -> int:
    try:
        from handover_tui.domain.field_values import MAX_NOTE_BODY
    except ImportError:  # before the limit existed: the same number
        return 1_000_000
    return MAX_NOTE_BODY


def big_body(size: int, seed: int = 1) -> str:
    """A note of ``size`` characters: the data set's sentences, each followed by one
    naming the two words of one of the queries."""
    from make_dataset import Writer

    rng = random.Random(seed)
    writer = Writer(rng)
    parts: list[str] = []
    length = 0
    while length < size:
        paragraph = " ".join(
            f"{writer.sentence()} {rng.choice(MENTIONS)}" for _ in range(rng.randint(2, 5))
        )
        parts.append(paragraph)
        length += len(paragraph) + 2
    return "\n\n".join(parts)[:size]


def timed(db, runs: int) -> dict[str, tuple[list[float], list]]:
    from handover_tui.services import search

    found = {}
    for label, query in QUERIES.items():
        hits = search.search(db, query)  # warm the page cache and the statement cache
        samples = []
        for _ in range(runs):
            started = time.perf_counter()
            hits = search.search(db, query)
            samples.append((time.perf_counter() - started) * 1000)
        found[label] = (samples, hits)
    return found


def main() -> None:
    from handover_tui.db.engine import open_database
    from handover_tui.services import notes

    runs = runs_wanted()
    path, facts = dataset(10_000, 100_000)
    db = open_database(f"sqlite:///{path}")
    try:
        without = timed(db, runs)
    finally:
        db.close()
    for label, (samples, hits) in without.items():
        figure(f"search.two_words.{label}", samples, 20.0, query=QUERIES[label], hits=len(hits))

    size = max_note_body()
    copy = working_copy(path)
    try:
        db = open_database(f"sqlite:///{copy}")
        try:
            body = big_body(size)
            notes.create_note(
                db, facts["big_client_id"], {"title": BIG_TITLE, "body": body}, author="bench"
            )
            with_big = timed(db, runs)
        finally:
            db.close()
    finally:
        shutil.rmtree(copy.parent, ignore_errors=True)
    for label, (samples, hits) in with_big.items():
        plain = [hit.title.replace("\x02", "").replace("\x03", "") for hit in hits]
        figure(
            f"search.two_words.{label}.with_max_note",
            samples,
            None,
            ratio_to=without[label][0],
            ratio_target=2.0,
            base="without",
            query=QUERIES[label],
            hits=len(hits),
            note_chars=len(body),
            big_note_found=BIG_TITLE in plain,
        )


if __name__ == "__main__":
    main()
