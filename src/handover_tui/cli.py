"""The ``handover`` command: open the app, or answer a quick command and exit.

Quick commands never import Textual; opening the app imports it only after the
database has passed its cheap checks. Every failure is one sentence on stderr and exit
code 2 (3 when someone else changed the record first).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import signal
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from handover_tui import __version__
from handover_tui.config import DB_ENV, Settings, resolve_database_url

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
    listing.add_argument("--json", action="store_true", help="print a JSON array")

    note = commands.add_parser("note", help="add a knowledge-transfer note to a client")
    note.add_argument("client", help="client id, name, or the start of a name")
    note.add_argument("text", help="the note (Markdown); its first line is the title")
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
    plan.add_argument("--by", help="prepared by (default: your user name)")
    what.add_parser("json", help="the whole database as JSON")
    roster = what.add_parser("csv", help="the roster as CSV")
    roster.add_argument("--archived", action="store_true", help="include archived clients")
    vcf = what.add_parser("vcf", help="a client's contacts as vCard")
    vcf.add_argument("client", help="client id, name, or the start of a name")
    ics = what.add_parser("ics", help="due items and planned meetings as iCalendar")
    ics.add_argument("client", nargs="?", help="one client (default: all)")
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
    handlers: dict[str, Callable[[str, argparse.Namespace], int]] = {
        "clients": _list_clients,
        "note": _add_note,
        "items": _list_items,
        "tick": _tick,
        "export": _export,
        "import": _import,
        "backup": _backup,
        "restore": _restore,
        "log": _log,
        "reassign": _reassign,
        "serve": _serve,
    }
    try:
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


@contextmanager
def _database(url: str, *, read_only: bool = False) -> Iterator[Database]:
    """The database for a quick command; a file only readable, or ``--read-only``, opens
    for reading (a command that writes is then refused with the reason)."""
    from handover_tui.db.engine import open_database
    from handover_tui.db.preflight import read_only_reason, sqlite_file

    path = sqlite_file(url)
    reason = "opened with --read-only" if read_only else None
    db = open_database(url, read_only=reason or (read_only_reason(path) if path else None))
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

    app = make_app(settings, database_url=None if demo else url, demo=demo, read_only=reason)
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


# -- quick commands -------------------------------------------------------------------


def _list_clients(url: str, args: argparse.Namespace) -> int:
    from handover_tui.domain.formatting import money_text, vocab_label
    from handover_tui.domain.vocab import ClientStatus

    status = ClientStatus.parse(args.status).value if args.status else None
    include_archived = args.archived or status == ClientStatus.ARCHIVED
    rows: Sequence[Any] | None = _roster_at_once(url, args, status, include_archived)
    if rows is None:
        from handover_tui.services import clients

        with _database(url, read_only=args.read_only) as db:
            rows = clients.list_clients(
                db,
                args.filter,
                include_archived=include_archived,
                sort=args.sort,
                descending=args.desc,
                status=status,
                owner_name=args.owner,
            )
    if args.json:
        # One client a line: json's C encoder only runs without ``indent``, and the
        # indenting one in Python took longer than the query at 10k clients.
        print(
            _json_lines(
                [
                    {
                        "id": row.id,
                        "name": row.name,
                        "owner": row.owner or None,
                        "status": row.status,
                        "lifecycle_stage": row.lifecycle_stage,
                        "renewal_date": row.renewal_date.isoformat() if row.renewal_date else None,
                        "annual_value": str(row.annual_value) if row.annual_value else None,
                        "currency": row.currency,
                        "industry": row.industry,
                        "tags": [tag for tag in row.tags.split(",") if tag],
                    }
                    for row in rows
                ]
            )
        )
        return EXIT_OK
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


def _roster_at_once(
    url: str, args: argparse.Namespace, status: str | None, include_archived: bool
) -> list[Any] | None:
    """The clients listed from a SQLite file read with the standard library, filtered and
    sorted as the roster does; SQLAlchemy and SQLModel (most of the command's time) are
    then never loaded. None when the file is not at this version's schema, or is not a
    file yet: the services read it then, upgrading it first."""
    from handover_tui.db.preflight import sqlite_file

    path = sqlite_file(url)
    if path is None or not path.is_file():
        return None
    from handover_tui.db.roster_read import roster_rows
    from handover_tui.domain.roster_view import filter_rows, sort_rows

    every = roster_rows(path)
    if every is None:
        return None
    rows = filter_rows(every, args.filter, include_archived=include_archived)
    if status is not None:
        rows = [row for row in rows if row.status == status]
    if args.owner:
        wanted = args.owner.casefold()
        rows = [row for row in rows if wanted in row.owner.casefold()]
    return sort_rows(rows, args.sort, args.desc)


def _json_lines(items: list[dict[str, Any]]) -> str:
    """A JSON array with one item a line: as readable as indented, and fast."""
    if not items:
        return "[]"
    from handover_tui.domain.terminal import json_escaped

    lines = ",\n".join("  " + json.dumps(item, ensure_ascii=False) for item in items)
    return json_escaped(f"[\n{lines}\n]")


def _add_note(url: str, args: argparse.Namespace) -> int:
    from handover_tui.domain.vocab import NoteCategory
    from handover_tui.services import clients, notes

    text = args.text.strip()
    if not text:
        raise CommandFailed("The note is empty.")
    title = args.title or text.splitlines()[0].lstrip("# ").strip()
    if len(title) > 80:
        title = title[:79].rstrip() + "…"
    category = NoteCategory.parse(args.category).value
    with _database(url, read_only=args.read_only) as db:
        client = clients.resolve_client(db, args.client)
        note = notes.create_note(
            db, client.id, {"title": title, "body": text, "category": category}
        )
    print(f"Added note #{note.id} “{note.title}” to {client.name}.")
    return EXIT_OK


def _client_items(db: Database, client_id: int) -> list[tuple[Any, str]]:
    """The client's checklist: its current transition's items, then its own reviews."""
    from handover_tui.services import alternatives, transitions

    plan = transitions.plan_for_client(db, client_id)
    rows: list[tuple[Any, str]] = [(item, item.phase) for item in plan.items] if plan else []
    rows += [(item, "review") for item in alternatives.open_reviews(db, client_id)]
    return rows


def _list_items(url: str, args: argparse.Namespace) -> int:
    from handover_tui.domain.formatting import vocab_label
    from handover_tui.services import clients

    with _database(url, read_only=args.read_only) as db:
        client = clients.resolve_client(db, args.client)
        rows = _client_items(db, client.id)
    shown = [(item, phase) for item, phase in rows if not (args.open and item.done_on)]
    for item, phase in shown:
        mark = f"done {item.done_on.isoformat()}" if item.done_on else "open"
        due = item.due_on.isoformat() if item.due_on else "-"
        print("\t".join([str(item.id), vocab_label(phase), mark, due, item.title]))
    if not shown and sys.stderr.isatty():
        print(f"{client.name} has no {'open ' if args.open else ''}items.", file=sys.stderr)
    return EXIT_OK


def _tick(url: str, args: argparse.Namespace) -> int:
    from handover_tui.services import clients, transitions

    with _database(url, read_only=args.read_only) as db:
        client = clients.resolve_client(db, args.client)
        mine = {item.id: item for item, _phase in _client_items(db, client.id)}
        if args.item not in mine:
            raise CommandFailed(
                f"Item #{args.item} is not on {client.name}'s checklist "
                f"(see: handover items '{client.name}')."
            )
        seen = mine[args.item]
        item = transitions.tick_item(
            db, args.item, _today(), done=not args.undo, expected_version=seen.version
        )
    state = "open again" if args.undo else f"done on {item.done_on}"
    print(f"#{item.id} “{item.title}” ({client.name}): {state}.")
    return EXIT_OK


# -- interchange ----------------------------------------------------------------------


def _write(args: argparse.Namespace, text: str, what: str) -> None:
    """To ``-o FILE`` (saying so on stderr), else to stdout."""
    if not args.output:
        out = sys.stdout
        if isinstance(out, TerminalSafe) and not out.isatty():
            out = out.raw_stream  # a pipe or a file gets the document byte for byte
        else:
            text = text.replace("\r\n", "\n")  # CSV's line ends, not ␍, on a terminal
        out.write(text)
        return
    from handover_tui.services import files

    path = Path(args.output)
    files.write_text(path, text)  # 0600 (0660 in a group-shared folder), as the database
    print(f"Wrote {what} to {path}.", file=sys.stderr)


def _export(url: str, args: argparse.Namespace) -> int:
    from handover_tui.services import clients

    with _database(url, read_only=args.read_only) as db:
        if args.what == "plan":
            from handover_tui.services import notes
            from handover_tui.services.plan_document import plan_document

            client = clients.resolve_client(db, args.client)
            text = plan_document(
                db,
                client.id,
                prepared_by=args.by or notes.os_user(),
                today=_today(),
                fmt=args.format,
            )
            _write(args, text, f"the transition plan of {client.name}")
        elif args.what == "json":
            from handover_tui.services import interchange

            _write(args, interchange.export_json(db), "the database")
        elif args.what == "csv":
            from handover_tui.services import roster_csv

            _write(args, roster_csv.export_csv(db, include_archived=args.archived), "the roster")
        elif args.what == "vcf":
            from handover_tui.services import vcard

            client = clients.resolve_client(db, args.client)
            _write(args, vcard.export_vcf(db, client.id), f"the contacts of {client.name}")
        elif args.what == "ics":
            from handover_tui.services import calendar

            client_id = clients.resolve_client(db, args.client).id if args.client else None
            _write(args, calendar.export_ics(db, client_id, today=_today()), "the calendar")
    return EXIT_OK


def _read(path: Path) -> bytes:
    if not path.is_file():
        raise CommandFailed(f"{path}: no such file.")
    return path.read_bytes()


def _import(url: str, args: argparse.Namespace) -> int:
    from handover_tui.services import clients

    data = _read(args.file)
    with _database(url, read_only=args.read_only) as db:
        if args.what == "json":
            from handover_tui.services import interchange

            print(interchange.import_json(db, data, merge=args.merge))
        elif args.what == "csv":
            from handover_tui.domain.roster_csv import parse_mapping
            from handover_tui.services import roster_csv

            report = roster_csv.import_csv(
                db,
                data,
                mapping=parse_mapping(args.map) if args.map else None,
                dry_run=args.dry_run,
                skip_bad=args.skip_bad,
            )
            if report.blocked:
                print(f"handover: {report}", file=sys.stderr)
                return EXIT_FAILED
            print(report)
        elif args.what == "vcf":
            from handover_tui.services import vcard

            client = clients.resolve_client(db, args.client)
            print(vcard.import_vcf(db, client.id, data.decode("utf-8-sig", errors="replace")))
    return EXIT_OK


# -- backup ---------------------------------------------------------------------------


def _sqlite_path(url: str) -> Path:
    from handover_tui.db.preflight import sqlite_file

    path = sqlite_file(url)
    if path is None:
        raise CommandFailed(
            "Backup and restore work on SQLite files; for a server database use its own "
            "tools (for PostgreSQL: pg_dump and pg_restore)."
        )
    return path


def _backup(url: str, args: argparse.Namespace) -> int:
    from handover_tui.services import backup

    path = backup.backup(_sqlite_path(url), args.dest, keep=args.keep)
    print(f"Backed up to {path}.")
    return EXIT_OK


def _restore(url: str, args: argparse.Namespace) -> int:
    from handover_tui.services import backup

    database = _sqlite_path(url)
    source = args.file
    if not source.is_file():
        raise CommandFailed(f"{source}: no such file.")
    backup.check(source)
    if not args.yes:
        if not sys.stdin.isatty():
            raise CommandFailed("Restoring replaces the database: add --yes to confirm.")
        answer = input(f"Replace everything in {database} with {source}? [y/N] ")
        if answer.strip().lower() not in ("y", "yes"):
            print("Nothing changed.")
            return EXIT_OK
    restored = backup.restore(database, source)
    # An older backup is migrated now, with its own safety copy.
    with _database(url):
        pass
    kept = ""
    if restored.set_aside:
        kept = f"; the damaged file is set aside at {restored.set_aside}"
    elif restored.saved:
        kept = f"; the previous contents are saved at {restored.saved}"
    print(f"Restored {database} from {source}{kept}.")
    return EXIT_OK


def _log(url: str, args: argparse.Namespace) -> int:
    from handover_tui.services import audit, clients

    with _database(url, read_only=args.read_only) as db:
        client_id = clients.resolve_client(db, args.client).id if args.client else None
        rows = audit.list_activity(db, client_id=client_id, limit=max(args.limit, 1))
    for row in rows:
        when = row.at.astimezone().strftime("%Y-%m-%d %H:%M")
        print("\t".join([when, row.os_user or "-", row.action, row.summary]))
        if args.changes:
            for line in row.change_lines():
                print(f"\t\t\t  {line}")
    if not rows and sys.stderr.isatty():
        print("Nothing recorded yet.", file=sys.stderr)
    return EXIT_OK


def _serve(url: str, args: argparse.Namespace) -> int:
    from handover_tui.serve import serve

    return serve(url, host=args.host, port=args.port, demo=args.demo, read_only=args.read_only)


def _reassign(url: str, args: argparse.Namespace) -> int:
    from handover_tui.domain.portfolio import plan_lines, started_text
    from handover_tui.domain.vocab import TransitionReason
    from handover_tui.services import clients, portfolio

    reason = TransitionReason.parse(args.reason).value if args.reason else None
    today = _today()
    with _database(url, read_only=args.read_only) as db:
        source = portfolio.resolve_person(db, args.source)
        target = portfolio.resolve_person(db, args.target)
        client_ids = [clients.resolve_client(db, text).id for text in args.client]
        proposal = portfolio.propose_reassign(
            db,
            source.id,
            target.id,
            today=today,
            client_ids=client_ids,
            last_day=args.last_day,
            reason=reason,
        )
        for line in plan_lines(proposal, source.name):
            print(line)
        if args.dry_run:
            print("Dry run: nothing was written.")
            return EXIT_OK
        ids = portfolio.apply(db, proposal, today=today)
    print(f"{started_text(proposal)} (#{', #'.join(map(str, ids))})")
    return EXIT_OK


def _where(url: str) -> int:
    from handover_tui.config import config_dir
    from handover_tui.db.preflight import printable_url, sqlite_file

    print(f"database: {url if sqlite_file(url) else printable_url(url)}")
    print(f"settings: {config_dir() / 'config.toml'}")
    return EXIT_OK
