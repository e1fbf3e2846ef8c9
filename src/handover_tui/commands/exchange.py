"""Data in and out: export, import, backup and restore, and reassigning an owner's
clients. Each opens the database through ``cli.database`` and writes through the
services, as the app does."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from handover_tui import cli
from handover_tui.cli import EXIT_FAILED, EXIT_OK, CommandFailed, TerminalSafe


def write_out(args: argparse.Namespace, text: str, what: str) -> None:
    """To ``-o FILE`` (saying so on stderr), else to stdout, as ``-o -`` asks too (the
    usual Unix spelling; a file named ``-`` is ``-o ./-``)."""
    if not args.output or args.output == "-":
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


def export(url: str, args: argparse.Namespace) -> int:
    from handover_tui.services import clients

    with cli.database(url, read_only=args.read_only) as db:
        if args.what == "plan":
            from handover_tui.services import identity
            from handover_tui.services.plan_document import plan_document

            client = clients.resolve_client(db, args.client)
            text = plan_document(
                db,
                client.id,
                prepared_by=args.by or identity.current().signature,
                today=cli._today(),
                fmt=args.format,
            )
            write_out(args, text, f"the transition plan of {client.name}")
        elif args.what == "json":
            from handover_tui.services import interchange

            write_out(args, interchange.export_json(db), "the database")
        elif args.what == "csv":
            from handover_tui.services import roster_csv

            write_out(args, roster_csv.export_csv(db, include_archived=args.archived), "the roster")
        elif args.what == "vcf":
            from handover_tui.services import vcard

            client = clients.resolve_client(db, args.client)
            write_out(args, vcard.export_vcf(db, client.id), f"the contacts of {client.name}")
        elif args.what == "ics":
            from handover_tui.config import Settings
            from handover_tui.services import calendar

            client_id = clients.resolve_client(db, args.client).id if args.client else None
            text = calendar.export_ics(
                db,
                client_id,
                today=cli._today(),
                options=Settings.load().calendar_options(),
                invite_clients=args.invite_clients,
            )
            write_out(args, text, "the calendar")
    return EXIT_OK


def _read(path: Path) -> bytes:
    if not path.is_file():
        raise CommandFailed(f"{path}: no such file.")
    return path.read_bytes()


def import_(url: str, args: argparse.Namespace) -> int:
    from handover_tui.services import clients

    data = _read(args.file)
    with cli.database(url, read_only=args.read_only) as db:
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
            result = vcard.import_vcf(db, client.id, data)  # the bytes: it knows the charsets
            if result.failed:
                print(f"handover: {result}", file=sys.stderr)
                return EXIT_FAILED
            print(result)
    return EXIT_OK


def _sqlite_path(url: str) -> Path:
    from handover_tui.db.preflight import sqlite_file

    path = sqlite_file(url)
    if path is None:
        raise CommandFailed(
            "Backup and restore work on SQLite files; for a server database use its own "
            "tools (for PostgreSQL: pg_dump and pg_restore)."
        )
    return path


def backup(url: str, args: argparse.Namespace) -> int:
    from handover_tui.services import backup

    path = backup.backup(_sqlite_path(url), args.dest, keep=args.keep)
    print(f"Backed up to {path}.")
    return EXIT_OK


def restore(url: str, args: argparse.Namespace) -> int:
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
    with cli.database(url):
        pass
    kept = ""
    if restored.set_aside:
        kept = f"; the damaged file is set aside at {restored.set_aside}"
    elif restored.saved:
        kept = f"; the previous contents are saved at {restored.saved}"
    print(f"Restored {database} from {source}{kept}.")
    return EXIT_OK


def reassign(url: str, args: argparse.Namespace) -> int:
    from handover_tui.domain.portfolio import plan_lines, started_text
    from handover_tui.domain.vocab import TransitionReason
    from handover_tui.services import clients, portfolio

    reason = TransitionReason.parse(args.reason).value if args.reason else None
    today = cli._today()
    with cli.database(url, read_only=args.read_only) as db:
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
