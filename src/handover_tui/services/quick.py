"""Quick reads for a command from a shell prompt: the views' own reads (``db.*_read``)
on a SQLite file at this version's schema, with the standard library only, else on the
database opened (and upgraded) as usual. SQLAlchemy is imported only in that case."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from handover_tui.db import items_read
from handover_tui.db.items_read import Item, Named
from handover_tui.db.preflight import sqlite_file
from handover_tui.db.read import Reader, file_reader
from handover_tui.services.lookup import pick

if TYPE_CHECKING:
    from handover_tui.db.search_read import Hit
    from handover_tui.domain.roster_view import RosterRow


@contextmanager
def reader_for(url: str, *, read_only: str | None = None) -> Iterator[Reader]:
    """A reader on the database at ``url``, for one command's reads (one moment's data).
    ``read_only`` (the reason) opens the database for reading only, if it is opened."""
    path = sqlite_file(url)
    if path is not None:
        with file_reader(path) as reader:
            if reader is not None:
                yield reader
                return
    from handover_tui.db.engine import open_database
    from handover_tui.db.read import reading

    database = open_database(url, read_only=read_only)
    try:
        with reading(database) as reader:
            yield reader
    finally:
        database.close()


def named_client(reader: Reader, text: str) -> Named:
    """The client ``text`` names (see :func:`lookup.pick`)."""
    return pick(items_read.client_names(reader), text)


def checklist(reader: Reader, client_id: int) -> list[Item]:
    """The client's current transition's items, then its own open reviews."""
    return items_read.items(reader, client_id)


def loose_ends(reader: Reader, client_id: int) -> list[items_read.LooseEnd]:
    """The loose ends of the client's current transition, open ones first."""
    return items_read.loose_ends(reader, client_id)


def me(reader: Reader) -> str:
    """The owner's name "my clients" means: ``me`` in the settings (a name or e-mail of
    a person in the database). Refused, saying what to set, when it names nobody."""
    from handover_tui.db import roster_read
    from handover_tui.services import Refused, identity

    who = identity.current().me
    if not who:
        raise Refused(
            'Say who you are first: set me = "your name or e-mail" in config.toml '
            "(see: handover where)."
        )
    name = roster_read.person_named(reader, who)
    if name is None:
        raise Refused(f'me = "{who}" in config.toml names nobody in this database.')
    return name


def search(reader: Reader, text: str, limit: int = 50) -> list[Hit]:
    """The search box's hits (the app's ``ctrl+f``)."""
    from handover_tui.db import search_read

    return search_read.search(reader, text, limit)


def roster(reader: Reader) -> list[RosterRow]:
    """Every client as the roster reads them."""
    from handover_tui.db import roster_read

    return roster_read.rows(reader)


__all__ = ["Item", "Named", "checklist", "named_client", "reader_for", "roster", "search"]
