"""The roster's filter and sort, done in memory over plain rows.

The roster reads every client once and then narrows and orders them on each keystroke, so
typing never waits for the database. The rules are those of
``services.clients.list_clients`` (its SQL is the reference): every word typed must occur,
in any case, in the name, owner, industry, segment, tags or status; blanks sort last
whichever way; ties go by name, then by id. One difference: the case of non-ASCII letters
is ignored here too, where SQLite's ``lower()`` knows only ASCII.
"""

from __future__ import annotations

from collections.abc import Callable, Container, Iterable, Sequence
from datetime import date
from decimal import Decimal
from itertools import compress, repeat
from operator import contains, itemgetter, ne
from typing import Any, NamedTuple

from handover_tui.domain.terminal import terminal_text

SORT_KEYS = ("name", "owner", "status", "stage", "renewal", "value")
ARCHIVED = "archived"


class RosterRow(NamedTuple):
    """One client as the roster lists it: a plain tuple, cheap to hold by the hundred
    thousand."""

    id: int
    name: str
    owner: str
    status: str
    lifecycle_stage: str
    renewal_date: date | None
    annual_value: Decimal | None
    currency: str
    industry: str
    segment: str
    tags: str
    version: int
    search: str
    """Name, owner, industry, segment, tags and status in lower case, worked out once."""

    @property
    def archived(self) -> bool:
        return self.status == ARCHIVED


def search_text(*fields: str) -> str:
    """The fields a filter looks in, lower-cased and joined by a newline (which no typed
    word contains, so a word never matches across two fields)."""
    return "\n".join(fields).lower()


def roster_row(
    id: int,
    name: str,
    owner: str,
    status: str,
    lifecycle_stage: str,
    renewal_date: date | None,
    annual_value: Decimal | None,
    currency: str,
    industry: str,
    segment: str,
    tags: str,
    version: int,
) -> RosterRow:
    """A row with its search text filled in."""
    return RosterRow(
        id,
        name,
        owner,
        status,
        lifecycle_stage,
        renewal_date,
        annual_value,
        currency,
        industry,
        segment,
        tags,
        version,
        search_text(name, owner, industry, segment, tags, status),
    )


def _same(value: Any) -> Any:
    return value


def _shown(text: str) -> str:
    """Text as it may be shown: a control character stored by another program is made
    visible (the services' reads do the same through the column type)."""
    return text if not text or text.isprintable() else terminal_text(text)


def roster_rows_of(
    records: Iterable[Sequence[Any]],
    renewal: Callable[[Any], date | None] = _same,
    value: Callable[[Any], Decimal | None] = _same,
) -> list[RosterRow]:
    """Rows from records of (id, name, owner, status, stage, renewal, value, currency,
    industry, segment, tags, version), ``renewal`` and ``value`` turned into a date and
    a Decimal where the reader gives them otherwise. Owners, statuses, stages,
    currencies, industries and segments repeat: one string each keeps memory flat."""
    shared: dict[str, str] = {}
    return [
        roster_row(
            id,
            _shown(name),
            _shown(shared.setdefault(owner, owner)),
            shared.setdefault(status, status),
            shared.setdefault(stage, stage),
            renewal(renewal_value),
            value(amount),
            shared.setdefault(currency, currency),
            _shown(shared.setdefault(industry, industry)),
            _shown(shared.setdefault(segment, segment)),
            _shown(tags),
            version,
        )
        for (
            id,
            name,
            owner,
            status,
            stage,
            renewal_value,
            amount,
            currency,
            industry,
            segment,
            tags,
            version,
        ) in records
    ]


def filter_words(text: str) -> list[str]:
    """The words of a filter, lower-cased: each must be found for a row to show."""
    return text.lower().split()


def matches(row: RosterRow, words: Sequence[str]) -> bool:
    """Whether every word occurs in one of the row's searched fields."""
    return all(word in row.search for word in words)


_id = itemgetter(RosterRow._fields.index("id"))
_status = itemgetter(RosterRow._fields.index("status"))
_search = itemgetter(RosterRow._fields.index("search"))


def filter_rows(
    rows: Sequence[RosterRow],
    text: str = "",
    *,
    include_archived: bool = False,
    among: Container[int] | None = None,
) -> list[RosterRow]:
    """The rows ``text`` matches, in the order given; archived ones only when asked, and
    only those whose id is in ``among`` when it is given (the "needs attention" filter)."""
    # compress/map keep each pass in C: at 100,000 rows that is what a keystroke costs.
    selected = list(rows)
    if not include_archived:
        selected = list(compress(selected, map(ne, map(_status, selected), repeat(ARCHIVED))))
    if among is not None:
        selected = list(compress(selected, map(among.__contains__, map(_id, selected))))
    if not filter_words(text):
        return selected
    return search_rows(selected, list(map(_search, selected)), text)[0]


def search_rows(
    rows: Sequence[RosterRow], texts: Sequence[str], text: str
) -> tuple[list[RosterRow], list[str]]:
    """The rows every word of ``text`` is found in, and their search texts; ``texts`` are
    the rows' search texts in the same order, kept by the caller so that a keystroke reads
    only those strings and not every row."""
    found, where = list(rows), list(texts)
    for word in filter_words(text):
        # One pass per word, each over what the last one left.
        hits = list(map(contains, where, repeat(word)))
        found, where = list(compress(found, hits)), list(compress(where, hits))
    return found, where


def narrows(before: str, after: str) -> bool:
    """Whether every row the filter ``after`` lets through was let through by ``before``
    (each word of ``before`` lies within a word of ``after``), so that a keystroke can
    filter what the last one showed instead of every row."""
    words = filter_words(after)
    return all(any(old in word for word in words) for old in filter_words(before))


SORT_VALUES: dict[str, Callable[[RosterRow], Any]] = {
    "name": lambda row: row.name.lower(),
    # A client without an owner has none to sort by: it goes last, as NULL does in SQL.
    "owner": lambda row: row.owner.lower() if row.owner else None,
    "status": _status,
    "stage": itemgetter(RosterRow._fields.index("lifecycle_stage")),
    "renewal": itemgetter(RosterRow._fields.index("renewal_date")),
    "value": itemgetter(RosterRow._fields.index("annual_value")),
}


def sort_rows(
    rows: Iterable[RosterRow], key: str = "name", descending: bool = False
) -> list[RosterRow]:
    """The rows ordered by one column: blanks last either way, ties by name then id."""
    if key not in SORT_KEYS:
        raise ValueError(f"Cannot sort by '{key}': use one of {', '.join(SORT_KEYS)}.")
    # Sorts are stable (reversed ones too), so sorting by id, then by name, then by the
    # column leaves ties in name-then-id order; simple keys sort much faster than tuples.
    ordered = sorted(rows, key=_id)
    by_name = SORT_VALUES["name"]
    ordered.sort(key=by_name)
    if key == "name" and not descending:
        return ordered
    value = SORT_VALUES[key]
    present = [row for row in ordered if value(row) is not None]
    blank = [row for row in ordered if value(row) is None]
    present.sort(key=value, reverse=descending)
    return present + blank


def narrowed(
    rows: Sequence[RosterRow],
    text: str = "",
    *,
    include_archived: bool = False,
    sort: str = "name",
    descending: bool = False,
    status: str | None = None,
    owner_name: str | None = None,
) -> list[RosterRow]:
    """The rows a listing asks for: matching ``text`` as the roster's filter does, of one
    ``status``, of owners whose name contains ``owner_name`` (any case), sorted."""
    found = filter_rows(rows, text, include_archived=include_archived or status == ARCHIVED)
    if status is not None:
        found = [row for row in found if row.status == status]
    if owner_name:
        wanted = owner_name.casefold()
        found = [row for row in found if wanted in row.owner.casefold()]
    return sort_rows(found, sort, descending)


__all__ = [
    "SORT_KEYS",
    "RosterRow",
    "filter_rows",
    "filter_words",
    "matches",
    "narrowed",
    "narrows",
    "roster_row",
    "roster_rows_of",
    "search_rows",
    "search_text",
    "sort_rows",
]
