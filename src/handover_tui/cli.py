"""The ``handover`` command: open the app, or answer a quick command and exit.

Quick commands never import Textual; opening the app imports it only after the
database has passed its cheap checks.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from handover_tui import __version__
from handover_tui.config import DB_ENV, Settings, resolve_database_url

EXIT_OK = 0
EXIT_USAGE = 1
EXIT_DATABASE = 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="handover",
        description="Plan and run the handoff of client accounts, from the terminal.",
        epilog=f"The database is --db, else ${DB_ENV}, else handover.db in your data folder.",
    )
    parser.add_argument("--version", action="version", version=f"handover {__version__}")
    parser.add_argument(
        "--db", metavar="PATH_OR_URL", help="a SQLite file or a SQLAlchemy database URL"
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        help="open a throwaway database filled with sample data (deleted on exit)",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    listing = commands.add_parser("clients", help="list clients and exit")
    listing.add_argument("filter", nargs="?", default="", help="words to match")
    listing.add_argument("--archived", action="store_true", help="include archived clients")
    listing.add_argument(
        "--sort",
        default="name",
        choices=("name", "owner", "status", "stage", "renewal", "value"),
        help="sort key (default: name)",
    )
    listing.add_argument("--desc", action="store_true", help="sort in descending order")
    commands.add_parser("where", help="print where the database and settings live")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    url = resolve_database_url(args.db)
    try:
        if args.command == "clients":
            return _list_clients(url, args)
        if args.command == "where":
            return _where(url)
        return _run_app(url, demo=args.demo)
    except KeyboardInterrupt:
        return 130


def _fail(message: str) -> int:
    print(f"handover: {message}", file=sys.stderr)
    return EXIT_DATABASE


def _run_app(url: str, *, demo: bool) -> int:
    from handover_tui.db.preflight import DatabaseUnavailable, check_sqlite_file, sqlite_file

    settings = Settings.load()
    if not demo:
        path = sqlite_file(url)
        try:
            if path is not None:
                check_sqlite_file(path)
            else:
                _check_server(url)
        except DatabaseUnavailable as error:
            return _fail(str(error))
    from handover_tui.ui.app import make_app

    app = make_app(settings, database_url=None if demo else url, demo=demo)
    app.run()
    return app.return_code or 0


def _check_server(url: str) -> None:
    """Connect once to a server database so a bad URL fails before the screen opens."""
    from handover_tui.db.engine import open_database

    open_database(url, migrate=False).close()


def _list_clients(url: str, args: argparse.Namespace) -> int:
    from handover_tui.db.engine import DatabaseUnavailable, open_database
    from handover_tui.services import clients

    try:
        db = open_database(url)
    except DatabaseUnavailable as error:
        return _fail(str(error))
    try:
        rows = clients.list_clients(
            db, args.filter, include_archived=args.archived, sort=args.sort, descending=args.desc
        )
    finally:
        db.close()
    from handover_tui.domain.formatting import money_text, vocab_label

    for row in rows:
        print(
            "\t".join(
                [
                    str(row.id),
                    row.name,
                    row.owner or "-",
                    vocab_label(row.status),
                    row.renewal_date.isoformat() if row.renewal_date else "-",
                    money_text(row.annual_value, row.currency) or "-",
                ]
            )
        )
    if not rows and sys.stderr.isatty():
        print("No clients match.", file=sys.stderr)
    return EXIT_OK


def _where(url: str) -> int:
    from handover_tui.config import config_dir

    print(f"database: {url}")
    print(f"settings: {config_dir() / 'config.toml'}")
    return EXIT_OK
