"""Between calls: ``handover agenda``, what is overdue and due, one line each, grouped by
day, and ``handover search``, the app's search box. Both read through ``services.quick``'s
reader: on a SQLite file at this version's schema they load neither SQLAlchemy nor the
models."""

from __future__ import annotations

import argparse
import sys

from handover_tui import cli
from handover_tui.cli import EXIT_OK

EXIT_OVERDUE = 1
"""``handover agenda``'s exit code when something is overdue: a login script's reminder."""


def add_parsers(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The ``agenda`` and ``search`` commands."""
    agenda = commands.add_parser(
        "agenda",
        help="what is overdue and due in the next days (exit code 1 when something is overdue)",
    )
    agenda.add_argument(
        "--days", type=int, default=7, metavar="N", help="look N days ahead (default: 7)"
    )
    whose = agenda.add_mutually_exclusive_group()
    whose.add_argument("--owner", metavar="PERSON", help="this person's clients (name or e-mail)")
    whose.add_argument(
        "--all", action="store_true", help="everyone's clients (default: yours, see 'me')"
    )
    agenda.add_argument("--json", action="store_true", help="print a JSON array")

    search = commands.add_parser(
        "search", help="find clients, contacts and notes (the app's ctrl+f), one line a hit"
    )
    search.add_argument("words", nargs="+", help="every word must match (a word's start)")
    search.add_argument("--limit", type=int, default=50, help="hits to show (default: 50)")
    search.add_argument("--json", action="store_true", help="print a JSON array")


def agenda(url: str, args: argparse.Namespace) -> int:
    from handover_tui.config import Settings
    from handover_tui.domain.agenda import entry_line
    from handover_tui.services import quick
    from handover_tui.services.agenda import read_agenda

    if args.days < 1:
        raise cli.CommandFailed("--days must be 1 or more (1: today only).")
    settings = Settings.load()
    person = None if args.all else (args.owner or settings.me or None)
    today = cli._today()
    with quick.reader_for(url, read_only=cli.read_only_reason(url, args.read_only)) as reader:
        found = read_agenda(
            reader, today, days=args.days, person=person, limits=settings.thresholds()
        )
    if args.json:
        from handover_tui.commands.quick import _json_lines

        print(_json_lines([entry.as_json() for entry in found.entries]))
    else:
        whose = f"{found.person}'s clients" if found.person else "everyone's clients"
        if sys.stdout.isatty():
            print(f"Agenda for {whose}, {found.days} day{'s' * (found.days != 1)}:")
        for heading, entries in found.sections():
            print(heading)
            for entry in entries:
                print(f"  {entry_line(entry)}")
        if not found.entries and sys.stderr.isatty():
            print(f"Nothing due for {whose}.", file=sys.stderr)
    return EXIT_OVERDUE if found.overdue else EXIT_OK


def search(url: str, args: argparse.Namespace) -> int:
    from handover_tui.domain.search import END, START
    from handover_tui.services import quick

    def plain(text: str) -> str:
        return " ".join(text.replace(START, "").replace(END, "").split())

    with quick.reader_for(url, read_only=cli.read_only_reason(url, args.read_only)) as reader:
        hits = quick.search(reader, " ".join(args.words), limit=max(args.limit, 1))
    if args.json:
        from handover_tui.commands.quick import _json_lines

        print(
            _json_lines(
                [
                    {
                        "kind": hit.kind,
                        "client_id": hit.client_id,
                        "client": hit.client_name,
                        "title": plain(hit.title),
                        "snippet": plain(hit.snippet),
                    }
                    for hit in hits
                ]
            )
        )
        return EXIT_OK
    for hit in hits:
        print("\t".join([hit.kind, hit.client_name, plain(hit.title), plain(hit.snippet)]))
    if not hits and sys.stderr.isatty():
        print("Nothing found.", file=sys.stderr)
    return EXIT_OK
