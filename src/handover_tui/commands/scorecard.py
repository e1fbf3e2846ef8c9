"""``handover scorecard``: each owner's figures (clients and load, renewal retention,
revenue change, satisfaction, interactions, open handoffs), read through
``services.quick``'s reader: on a SQLite file at this version's schema without loading
SQLAlchemy or the models."""

from __future__ import annotations

import argparse
import sys

from handover_tui import cli
from handover_tui.cli import EXIT_OK


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The ``scorecard`` command."""
    card = commands.add_parser(
        "scorecard",
        help="each owner's clients, load, retention, revenue, satisfaction and activity",
        description=(
            "Over the clients each owner owns now. Load: clients weighed by complexity, "
            "against capacity. Renewal retention: clients whose renewal was decided in the "
            "last 12 months (a health snapshot's outcome), kept against decided. Revenue "
            "change: first against last revenue figure of the last 12 months, for clients "
            "with two or more, per currency. Satisfaction: the average of each client's "
            "latest score in the last 12 months, and the change from their first. "
            "Interactions: contacts logged in the last 90 days, per client a month. Open "
            "handoffs: running handoffs they give or receive."
        ),
    )
    card.add_argument("--owner", metavar="PERSON", help="only this person (name or e-mail)")
    card.add_argument("--json", action="store_true", help="print a JSON array")


def scorecard(url: str, args: argparse.Namespace) -> int:
    from handover_tui.domain.scorecard import lines
    from handover_tui.services import quick
    from handover_tui.services.scorecard import read_scorecards

    today = cli._today()
    with quick.reader_for(url, read_only=cli.read_only_reason(url, args.read_only)) as reader:
        cards = read_scorecards(reader, today, person=args.owner)
    if args.json:
        from handover_tui.commands.quick import _json_lines

        print(_json_lines([card.as_json() for card in cards]))
        return EXIT_OK
    for index, card in enumerate(cards):
        if index:
            print()
        print("\n".join(lines(card)))
    if not cards and sys.stderr.isatty():
        print("Nobody to score yet: add people on the people screen.", file=sys.stderr)
    return EXIT_OK
