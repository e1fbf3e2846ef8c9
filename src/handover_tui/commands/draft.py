"""E-mail drafts: ``handover draft intro|handoff CLIENT`` writes an ``.eml`` message to
open in any mail client; ``handover draft templates`` puts the built-in templates in the
config folder to edit."""

from __future__ import annotations

import argparse
import sys
from datetime import datetime

from handover_tui import cli
from handover_tui.cli import EXIT_OK, CommandFailed


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The ``draft`` command and its three kinds."""
    draft = commands.add_parser("draft", help="write an e-mail draft (.eml) of a client's handoff")
    kinds = draft.add_subparsers(dest="what", metavar="WHAT", required=True)
    intro = kinds.add_parser(
        "intro",
        help="introduce the incoming owner to the client (To the primary contact, Cc the "
        "incoming owner)",
    )
    intro.add_argument(
        "--to",
        action="extend",
        nargs="+",
        default=[],
        metavar="EMAIL",
        help="send to these addresses instead of the primary contact (repeatable)",
    )
    intro.add_argument(
        "--mark-sent",
        action="store_true",
        help="also log the introduction as sent today (an introduction in the log)",
    )
    handoff = kinds.add_parser(
        "handoff", help="the note to the incoming owner: summary, loose ends, who to call"
    )
    for sub in (intro, handoff):
        sub.add_argument("client", help="client id, name, or the start of a name")
        sub.add_argument(
            "-o", "--output", metavar="FILE", help="write here, e.g. intro.eml (default: stdout)"
        )
    kinds.add_parser(
        "templates", help="copy the built-in templates into the config folder, to edit"
    )


def draft(url: str, args: argparse.Namespace) -> int:
    from handover_tui.services import mail_drafts

    if args.what == "templates":
        for path, written in mail_drafts.write_default_templates():
            print(f"{'Wrote' if written else 'Kept your'} {path}")
        return EXIT_OK
    mark_sent = args.what == "intro" and args.mark_sent
    if mark_sent and args.read_only:
        raise CommandFailed(
            "--mark-sent changes the database, and it was opened with --read-only: "
            "nothing was written"
        )
    from handover_tui.commands.exchange import write_out
    from handover_tui.services import clients

    today = cli._today()
    now = datetime.now().astimezone()
    with cli.database(url, read_only=args.read_only) as db:
        client = clients.resolve_client(db, args.client)
        if args.what == "intro":
            made = mail_drafts.intro_draft(db, client.id, today=today, now=now, to=args.to)
        else:
            made = mail_drafts.handoff_draft(db, client.id, today=today, now=now)
        write_out(args, made.text, f"the {args.what} draft for {client.name}")
        if mark_sent:
            mail_drafts.mark_intro_sent(
                db, client.id, on=today, recipients=", ".join(made.recipients)
            )
            print(f"Logged the introduction to {client.name} on {today}.", file=sys.stderr)
    return EXIT_OK
