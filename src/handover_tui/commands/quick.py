"""The between-calls commands: list clients, add a note, list and tick checklist items,
read the audit trail. Reads go through the views' own reads (``services.quick``): on a
SQLite file at this version's schema they load neither SQLAlchemy nor the models."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from handover_tui import cli
from handover_tui.cli import EXIT_OK, CommandFailed


def list_clients(url: str, args: argparse.Namespace) -> int:
    from handover_tui.domain.formatting import money_text, vocab_label
    from handover_tui.domain.roster_view import narrowed
    from handover_tui.domain.vocab import ClientStatus
    from handover_tui.services import quick

    status = ClientStatus.parse(args.status).value if args.status else None
    with quick.reader_for(url, read_only=cli.read_only_reason(url, args.read_only)) as reader:
        every = quick.roster(reader)
        mine = quick.me(reader) if args.mine else None
    if mine is not None:
        every = [row for row in every if row.owner == mine]
    rows = narrowed(
        every,
        args.filter,
        include_archived=args.archived,
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


def _json_lines(items: list[dict[str, Any]]) -> str:
    """A JSON array with one item a line: as readable as indented, and fast."""
    if not items:
        return "[]"
    from handover_tui.domain.terminal import json_escaped

    lines = ",\n".join("  " + json.dumps(item, ensure_ascii=False) for item in items)
    return json_escaped(f"[\n{lines}\n]")


def add_note(url: str, args: argparse.Namespace) -> int:
    from handover_tui.domain.vocab import NoteCategory
    from handover_tui.services import quick

    category = NoteCategory.parse(args.category).value
    with quick.reader_for(url, read_only=cli.read_only_reason(url, args.read_only)) as reader:
        client = quick.named_client(reader, args.client)
    text = _note_text(args).strip()
    if not text:
        raise CommandFailed("The note is empty.")
    title = args.title or text.splitlines()[0].lstrip("# ").strip()
    if len(title) > 80:
        title = title[:79].rstrip() + "…"
    from handover_tui.services import notes

    with cli.database(url, read_only=args.read_only) as db:
        note = notes.create_note(
            db, client.id, {"title": title, "body": text, "category": category}
        )
    print(f"Added note #{note.id} “{note.title}” to {client.name}.")
    return EXIT_OK


def _note_text(args: argparse.Namespace) -> str:
    """The note as given: the argument, standard input for ``-``, and then, with
    ``--edit``, what the user wrote in their editor starting from that."""
    text = args.text
    if text == "-":
        text = sys.stdin.read()
    if not args.edit:
        if text is None:
            raise CommandFailed("Give the note's text, - to read it from standard input, or --edit")
        return str(text)
    from handover_tui.ui.editor import edit_text  # the app's editor runner; no Textual

    edited = edit_text(text or "", suffix=".md")
    if edited.text is None:
        raise CommandFailed(f"{edited.message} Nothing was added")
    return edited.text


def list_items(url: str, args: argparse.Namespace) -> int:
    from handover_tui.domain.formatting import vocab_label
    from handover_tui.services import quick

    with quick.reader_for(url, read_only=cli.read_only_reason(url, args.read_only)) as reader:
        client = quick.named_client(reader, args.client)
        rows = quick.checklist(reader, client.id)
        ends = quick.loose_ends(reader, client.id)
    shown = [item for item in rows if not (args.open and item.done_on)]
    for item in shown:
        mark = f"done {item.done_on.isoformat()}" if item.done_on else "open"
        due = item.due_on.isoformat() if item.due_on else "-"
        print("\t".join([str(item.id), vocab_label(item.phase), mark, due, item.title]))
    # The loose ends follow, with no id to tick (they are settled on the plan tab).
    listed = [end for end in ends if not (args.open and end.state != "open")]
    for end in listed:
        state = f"{end.state} {end.closed_on.isoformat()}" if end.closed_on else end.state
        due = end.due_on.isoformat() if end.due_on else "-"
        print("\t".join(["-", "Loose end", state, due, f"{end.title} — held by {end.holder}"]))
    if not (shown or listed) and sys.stderr.isatty():
        print(f"{client.name} has no {'open ' if args.open else ''}items.", file=sys.stderr)
    return EXIT_OK


def tick(url: str, args: argparse.Namespace) -> int:
    from handover_tui.services import quick

    with quick.reader_for(url, read_only=cli.read_only_reason(url, args.read_only)) as reader:
        client = quick.named_client(reader, args.client)
        mine = {item.id: item for item in quick.checklist(reader, client.id)}
    if args.item not in mine:
        raise CommandFailed(
            f"Item #{args.item} is not on {client.name}'s checklist "
            f"(see: handover items '{client.name}')."
        )
    from handover_tui.services import transitions

    with cli.database(url, read_only=args.read_only) as db:
        item = transitions.tick_item(
            db,
            args.item,
            cli._today(),
            done=not args.undo,
            expected_version=mine[args.item].version,
        )
    state = "open again" if args.undo else f"done on {item.done_on}"
    print(f"#{item.id} “{item.title}” ({client.name}): {state}.")
    return EXIT_OK


def log(url: str, args: argparse.Namespace) -> int:
    from handover_tui.services import audit, clients

    with cli.database(url, read_only=args.read_only) as db:
        client_id = clients.resolve_client(db, args.client).id if args.client else None
        rows = audit.list_activity(db, client_id=client_id, limit=max(args.limit, 1))
    for row in rows:
        when = row.at.astimezone().strftime("%Y-%m-%d %H:%M")
        print("\t".join([when, row.who or "-", row.action, row.summary]))
        if args.changes:
            for line in row.change_lines():
                print(f"\t\t\t  {line}")
    if not rows and sys.stderr.isatty():
        print("Nothing recorded yet.", file=sys.stderr)
    return EXIT_OK
