"""The roster's read: every client as a plain row, and the first screenful of its default
view. The one query behind the roster screen, ``handover clients`` and
``services.clients`` (list, resolve, refresh one row); they filter and sort in memory
with ``domain.roster_view``.

Imports neither SQLAlchemy nor Textual: :func:`roster_rows` and :func:`first_rows` read a
SQLite file with the standard library while the app is still opening its database (see
``db.read``); the services run the same SQL on their open database.
"""

from __future__ import annotations

from pathlib import Path

from handover_tui.db.read import Reader, day, money, quick
from handover_tui.domain.roster_view import ARCHIVED, RosterRow, roster_rows_of

_ROSTER = (
    "SELECT client.id, client.name, coalesce(person.name, ''), client.status,"
    " client.lifecycle_stage, client.renewal_date, client.annual_value, client.currency,"
    " client.industry, client.segment, client.tags, client.version"
    " FROM client LEFT OUTER JOIN person ON person.id = client.owner_id"
)
# The roster's default view: archived clients hidden, by name (lower(name) is indexed).
_FIRST = (
    f"{_ROSTER} WHERE client.status != :archived"
    " ORDER BY lower(client.name), client.id LIMIT :count"
)
_COUNT = "SELECT count(*) FROM client WHERE status != :archived"


def rows(reader: Reader, *, only: int | None = None) -> list[RosterRow]:
    """Every client, archived too, in no particular order (or client ``only``)."""
    if only is None:
        return roster_rows_of(reader.rows(_ROSTER), day, money)
    return roster_rows_of(reader.rows(f"{_ROSTER} WHERE client.id = :only", only=only), day, money)


def first(reader: Reader, count: int) -> tuple[list[RosterRow], int]:
    """The first ``count`` clients of the roster's default view (archived hidden, by
    name) and how many that view holds. The database's ``lower`` may know only ASCII,
    so the caller sorts these again as the roster does."""
    found = reader.one(_COUNT, archived=ARCHIVED)
    total = int(found[0]) if found else 0
    shown = reader.rows(_FIRST, archived=ARCHIVED, count=count)
    return roster_rows_of(shown, day, money), total


def roster_rows(path: Path) -> list[RosterRow] | None:
    """:func:`rows` of the SQLite file ``path`` read with the standard library, or None
    when that read cannot vouch for the answer (the caller reads through the services)."""
    return quick(path, rows)


def first_rows(path: Path, count: int) -> tuple[list[RosterRow], int] | None:
    """:func:`first` of the SQLite file ``path``, as :func:`roster_rows` reads it: a
    screenful to show while every row is read."""
    return quick(path, lambda reader: first(reader, count))


def person_named(reader: Reader, who: str) -> str | None:
    """The name of the person ``who`` names (``me`` in the settings): their e-mail or
    their name, in any case; None when nobody (not archived) matches."""
    key = who.strip().lower()
    if not key:
        return None
    found = reader.one(
        "SELECT name FROM person WHERE archived_at IS NULL"
        " AND (lower(email) = :key OR lower(name) = :key) ORDER BY id LIMIT 1",
        key=key,
    )
    return str(found[0]) if found else None
