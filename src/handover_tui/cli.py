"""The ``handover`` command: open the app, or answer a quick command and exit.

Quick commands never import Textual; opening the app imports it only after the
database has passed its cheap checks. Every failure is one sentence on stderr and exit
code 2 (3 when someone else changed the record first).
"""

from __future__ import annotations

import argparse
import io
import os
import signal
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from handover_tui import __version__
from handover_tui.config import ASK_NAME_ENV, DB_ENV, Settings, resolve_database_url

if TYPE_CHECKING:
    from handover_tui.db.engine import Database

EXIT_OK = 0
EXIT_USAGE = 1
EXIT_DATABASE = 2
EXIT_FAILED = 2
EXIT_CONFLICT = 3


class CommandFailed(Exception):
    """A quick command cannot go on; the message is the one sentence the user sees."""


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
    parser.add_argument(
        "--read-only",
        action="store_true",
        help="open the app for looking only: no change can be saved",
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
    listing.add_argument("--status", help="only clients with this status, e.g. in_transition")
    listing.add_argument("--owner", help="only clients whose owner's name contains this")
    listing.add_argument(
        "--mine", action="store_true", help="only your clients (me = … in config.toml)"
    )
    listing.add_argument("--json", action="store_true", help="print a JSON array")

    note = commands.add_parser("note", help="add a knowledge-transfer note to a client")
    note.add_argument("client", help="client id, name, or the start of a name")
    note.add_argument(
        "text",
        nargs="?",
        help="the note (Markdown), or - to read it from standard input; its first line is "
        "the title",
    )
    note.add_argument(
        "--edit", action="store_true", help="write the note in $VISUAL or $EDITOR (from TEXT)"
    )
    note.add_argument("--category", default="general", help="history, preferences, goals, …")
    note.add_argument("--title", help="a title other than the first line")

    items = commands.add_parser("items", help="list a client's checklist items")
    items.add_argument("client", help="client id, name, or the start of a name")
    items.add_argument("--open", action="store_true", help="only items not done yet")

    tick = commands.add_parser("tick", help="mark a checklist item done today")
    tick.add_argument("client", help="client id, name, or the start of a name")
    tick.add_argument("item", type=int, help="the item's id (see: handover items CLIENT)")
    tick.add_argument("--undo", action="store_true", help="open the item again")

    export = commands.add_parser("export", help="write data in a form other tools read")
    what = export.add_subparsers(dest="what", metavar="WHAT", required=True)
    plan = what.add_parser("plan", help="a client's transition plan document")
    plan.add_argument("client", help="client id, name, or the start of a name")
    plan.add_argument("--format", choices=("markdown", "html"), default="markdown")
    plan.add_argument(
        "--by", help="prepared by (default: name, title, email, phone in config.toml)"
    )
    what.add_parser("json", help="the whole database as JSON")
    roster = what.add_parser("csv", help="the roster as CSV")
    roster.add_argument("--archived", action="store_true", help="include archived clients")
    vcf = what.add_parser("vcf", help="a client's contacts as vCard")
    vcf.add_argument("client", help="client id, name, or the start of a name")
    ics = what.add_parser(
        "ics", help="due items, planned meetings and meeting rhythms as iCalendar, with alarms"
    )
    ics.add_argument("client", nargs="?", help="one client (default: all)")
    ics.add_argument(
        "--invite-clients",
        action="store_true",
        help="add the client's contacts as attendees (a calendar may send them invitations)",
    )
    for sub in (plan, roster, vcf, ics, what.choices["json"]):
        sub.add_argument("-o", "--output", metavar="FILE", help="write here (default: stdout)")

    load = commands.add_parser("import", help="bring data in from a file")
    source = load.add_subparsers(dest="what", metavar="WHAT", required=True)
    from_json = source.add_parser("json", help="a whole database exported as JSON")
    from_json.add_argument("file", type=Path)
    from_json.add_argument(
        "--merge", action="store_true", help="add to a database that is not empty"
    )
    from_csv = source.add_parser("csv", help="a roster exported from a CRM")
    from_csv.add_argument("file", type=Path)
    from_csv.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="COLUMN=FIELD",
        help="read COLUMN as FIELD (repeatable), for headers not recognised",
    )
    from_csv.add_argument("--dry-run", action="store_true", help="show, write nothing")
    from_csv.add_argument("--skip-bad", action="store_true", help="import the good rows only")
    from_vcf = source.add_parser("vcf", help="contacts as vCard (3.0 or 4.0)")
    from_vcf.add_argument("client", help="client id, name, or the start of a name")
    from_vcf.add_argument("file", type=Path)

    save = commands.add_parser("backup", help="copy the database, safely while it is in use")
    save.add_argument("dest", nargs="?", type=Path, help="a file or folder (default: backups/)")
    save.add_argument("--keep", type=int, default=10, help="backups to keep in the folder")
    back = commands.add_parser("restore", help="replace the database with a backup")
    back.add_argument("file", type=Path)
    back.add_argument("--yes", action="store_true", help="do not ask for confirmation")

    trail = commands.add_parser("log", help="the audit trail: who changed what, and when")
    trail.add_argument("client", nargs="?", help="one client (default: everyone's)")
    trail.add_argument("--limit", type=int, default=50, help="entries to show (default: 50)")
    trail.add_argument("--changes", action="store_true", help="show each field's old → new")

    move = commands.add_parser(
        "reassign", help="plan the handoff of clients from one owner to another"
    )
    move.add_argument(
        "--from", dest="source", required=True, metavar="PERSON", help="the outgoing owner"
    )
    move.add_argument(
        "--to", dest="target", required=True, metavar="PERSON", help="the incoming owner"
    )
    move.add_argument(
        "--client",
        action="append",
        default=[],
        metavar="CLIENT",
        help="only this client (repeatable; default: every active client of --from)",
    )
    move.add_argument("--last-day", metavar="DATE", help="the phases end by then (YYYY-MM-DD)")
    move.add_argument("--reason", help="owner leaving (with --last-day), workload, rotation, …")
    move.add_argument("--dry-run", action="store_true", help="print the plan, write nothing")

    web = commands.add_parser("serve", help="run the app in a browser tab (textual-serve)")
    web.add_argument(
        "--host",
        default="127.0.0.1",
        help="listen here (default: %(default)s); beyond this machine, anyone with the "
        "printed URL gets in",
    )
    web.add_argument("--port", type=int, default=8000, help="port (default: %(default)s)")
    # The app's own options also after `serve`; SUPPRESS keeps those given before it.
    same = "the same as handover %s, for every browser tab"
    web.add_argument("--db", metavar="PATH_OR_URL", default=argparse.SUPPRESS, help=same % "--db")
    for flag in ("--demo", "--read-only"):
        web.add_argument(flag, action="store_true", default=argparse.SUPPRESS, help=same % flag)

    commands.add_parser("where", help="print where the database and settings live")
    from handover_tui.commands import between, draft, scorecard

    between.add_parsers(commands)
    draft.add_parser(commands)
    scorecard.add_parser(commands)
    return parser


# Quick commands that change the database; refused under --read-only before they start.
WRITERS = {"note", "tick", "import", "restore", "reassign"}


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command in (None, "serve"):
        return _dispatch(args, resolve_database_url(args.db))
    # Everything a quick command prints passes through terminal_text: a name imported
    # from a CRM file cannot retitle, clear or take over the user's terminal.
    stdout, stderr = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = TerminalSafe(stdout), TerminalSafe(stderr)
    try:
        if args.demo and args.command != "where":
            with _demo_database() as url:
                return _dispatch(args, url)
        return _dispatch(args, resolve_database_url(args.db))
    except BrokenPipeError:
        # The reader went away (``handover clients | head``): stop quietly, as cat does.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, stdout.fileno())
        return 128 + signal.SIGPIPE
    finally:
        sys.stdout, sys.stderr = stdout, stderr


class TerminalSafe(io.TextIOBase):
    """A text stream that shows every control character it is given as a visible
    picture (``␛``), except newline and tab, before passing the text on."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        from handover_tui.domain.terminal import terminal_text

        self.stream.write(terminal_text(text, multiline=True))
        return len(text)

    def flush(self) -> None:
        self.stream.flush()

    def isatty(self) -> bool:
        return self.stream.isatty()

    def fileno(self) -> int:
        return self.stream.fileno()

    @property
    def raw_stream(self) -> TextIO:
        """The stream underneath, for a document written byte for byte to a pipe."""
        return self.stream


@contextmanager
def _demo_database() -> Iterator[str]:
    """A throwaway database of sample data for ``--demo`` with a quick command; the
    user's own database is never opened."""
    import shutil

    from handover_tui.services.store import open_demo

    folder, store = open_demo(_today())
    try:
        store.close()
        yield store.url
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _dispatch(args: argparse.Namespace, url: str) -> int:
    """Run the command ``args`` names on the database at ``url``; failures are one line."""
    from handover_tui.commands import between, draft, exchange, quick, scorecard

    handlers: dict[str, Callable[[str, argparse.Namespace], int]] = {
        "clients": quick.list_clients,
        "note": quick.add_note,
        "items": quick.list_items,
        "tick": quick.tick,
        "log": quick.log,
        "export": exchange.export,
        "import": exchange.import_,
        "backup": exchange.backup,
        "restore": exchange.restore,
        "reassign": exchange.reassign,
        "draft": draft.draft,
        "agenda": between.agenda,
        "search": between.search,
        "scorecard": scorecard.scorecard,
        "serve": _serve,
    }
    try:
        _use_identity()
        if args.read_only and args.command in WRITERS and not getattr(args, "dry_run", False):
            raise CommandFailed(
                f"handover {args.command} changes the database, and it was opened with "
                "--read-only: nothing was changed"
            )
        if args.command in handlers:
            return handlers[args.command](url, args)
        if args.command == "where":
            return _where(url)
        return _run_app(url, demo=args.demo, read_only=args.read_only)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        raise
    except CommandFailed as failure:
        return _fail(str(failure))
    except Exception as error:  # one sentence, never a traceback
        return _fail(*_explain(error, url))


def _use_identity() -> None:
    """The user named in config.toml becomes this process's author and preparer; a
    setting that cannot be read is left to the app, which shows it."""
    from handover_tui.services import identity

    identity.use(Settings.load().identity())


def _fail(message: str, code: int = EXIT_FAILED) -> int:
    message = " ".join(message.split())  # one line, whatever the error carried
    if not message.endswith((".", "?", "!")):
        message += "."
    print(f"handover: {message}", file=sys.stderr)
    return code


def _explain(error: Exception, url: str) -> tuple[str, int]:
    """The sentence the UI would show for ``error``, and the exit status it earns."""
    from handover_tui.services import StaleRecord
    from handover_tui.services.errors import explain

    return explain(error, url), EXIT_CONFLICT if isinstance(error, StaleRecord) else EXIT_FAILED


def read_only_reason(url: str, read_only: bool) -> str | None:
    """Why a quick command may only read the database at ``url`` (``--read-only``, or a
    file or folder the user cannot write), or None."""
    if read_only:
        return "opened with --read-only"
    from handover_tui.db.preflight import read_only_reason as unwritable
    from handover_tui.db.preflight import sqlite_file

    path = sqlite_file(url)
    return unwritable(path) if path else None


@contextmanager
def database(url: str, *, read_only: bool = False) -> Iterator[Database]:
    """The database for a quick command; a file only readable, or ``--read-only``, opens
    for reading (a command that writes is then refused with the reason)."""
    from handover_tui.db.engine import open_database

    db = open_database(url, read_only=read_only_reason(url, read_only))
    try:
        yield db
    finally:
        db.close()


def _today() -> date:
    return date.today()


def _run_app(url: str, *, demo: bool, read_only: bool = False) -> int:
    from handover_tui.db.preflight import (
        DatabaseUnavailable,
        check_sqlite_file,
        sqlite_file,
        with_refresh_note,
    )

    settings = Settings.load()
    reason = "opened with --read-only" if read_only else None
    if not demo:
        path = sqlite_file(url)
        while True:
            try:
                if path is not None:
                    found = check_sqlite_file(path)
                    reason = reason or found
                else:
                    _check_server(url)
                break
            except DatabaseUnavailable as error:
                if "locked" in str(error) and _ask(f"{error} Try again? [Y/n] ", default=True):
                    continue
                return _fail(str(error), EXIT_DATABASE)
        if path is not None and reason is not None:
            reason = with_refresh_note(reason, path)
    from handover_tui.ui.app import make_app

    # Asked only of a person at a terminal: never in serve's browser tabs, a script or tests.
    ask = sys.stdin.isatty() and os.environ.get(ASK_NAME_ENV, "1") != "0"
    app = make_app(
        settings,
        database_url=None if demo else url,
        demo=demo,
        read_only=reason,
        ask_identity=ask,
    )
    app.run()
    return app.return_code or 0


def _ask(question: str, *, default: bool) -> bool:
    """A yes/no question on the terminal; without one (a script), the answer is no."""
    if not sys.stdin.isatty():
        return False
    try:
        answer = input(question).strip().lower()
    except EOFError:
        return False
    return default if not answer else answer in ("y", "yes")


def _check_server(url: str) -> None:
    """Connect once to a server database so a bad URL fails before the screen opens."""
    from handover_tui.db.engine import open_database

    open_database(url, migrate=False).close()


def _serve(url: str, args: argparse.Namespace) -> int:
    from handover_tui.serve import serve

    return serve(url, host=args.host, port=args.port, demo=args.demo, read_only=args.read_only)


def _where(url: str) -> int:
    from handover_tui.config import config_dir
    from handover_tui.db.preflight import printable_url, sqlite_file

    print(f"database: {url if sqlite_file(url) else printable_url(url)}")
    print(f"settings: {config_dir() / 'config.toml'}")
    return EXIT_OK
