"""The agenda between calls: what is overdue or due in the next days, one line each,
grouped by day. Built from the agenda's read (``db.agenda_read``); the rules of what is
shown, whose it is and how it reads are here, free of any database."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

ITEM = "item"
MEETING = "meeting"
CADENCE = "cadence"
RENEWAL = "renewal"
SIGNAL = "signal"
LOOSE_END = "loose_end"

RENEWAL_DAYS = 30
"""Renewals this close are on the agenda (the dashboard looks further ahead)."""

_KIND_ORDER = {kind: rank for rank, kind in enumerate((SIGNAL, ITEM, MEETING, CADENCE, RENEWAL))}
_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


@dataclass(frozen=True)
class Entry:
    """One line of the agenda: something about a client on a day (None: no date)."""

    kind: str
    client_id: int
    client: str
    text: str
    day: date | None = None
    overdue: bool = False
    ref: int | None = None
    """The record's id where there is one (a checklist item's, for ``handover tick``)."""

    def as_json(self) -> dict[str, Any]:
        return {
            "date": self.day.isoformat() if self.day else None,
            "kind": self.kind,
            "overdue": self.overdue,
            "client_id": self.client_id,
            "client": self.client,
            "text": self.text,
            "id": self.ref,
        }


def in_window(entries: Iterable[Entry], today: date, days: int) -> list[Entry]:
    """The entries overdue, or on a day from ``today`` to the last of ``days`` days
    (renewals within :data:`RENEWAL_DAYS` always); an entry without a date always.
    Sorted by day, kind, then client."""
    last = today + timedelta(days=max(days, 1) - 1)
    renewing = max(last, today + timedelta(days=RENEWAL_DAYS))

    def shown(entry: Entry) -> bool:
        if entry.day is None or entry.overdue:
            return True
        return entry.day <= (renewing if entry.kind == RENEWAL else last)

    kept = [entry for entry in entries if shown(entry)]
    return sorted(kept, key=_order)


def _order(entry: Entry) -> tuple[Any, ...]:
    return (
        entry.day is None,
        entry.day or date.max,
        _KIND_ORDER.get(entry.kind, 9),
        entry.client.casefold(),
        entry.text,
    )


def for_people(
    entries: Iterable[Entry], involved: Mapping[int, Collection[int]], people: Collection[int]
) -> list[Entry]:
    """The entries of clients one of ``people`` is involved in (``involved``: client id
    to the people who own it or hand it over)."""
    wanted = set(people)
    return [e for e in entries if wanted & set(involved.get(e.client_id, ()))]


def match_person(people: Iterable[tuple[int, str, str]], text: str) -> int:
    """The id of the one person ``text`` names: their e-mail or name in any case, else
    the only name that starts with it. Raises LookupError saying what was wrong."""
    wanted = text.strip().casefold()
    rows = list(people)
    for found in (
        [pid for pid, _name, email in rows if email and email.casefold() == wanted],
        [pid for pid, name, _email in rows if name.casefold() == wanted],
        [pid for pid, name, _email in rows if wanted and name.casefold().startswith(wanted)],
    ):
        if len(set(found)) == 1:
            return found[0]
        if found:
            names = ", ".join(name for pid, name, _e in rows if pid in found)
            raise LookupError(f"'{text.strip()}' could be {names}: type more of the name.")
    raise LookupError(f"Nobody's name or e-mail is '{text.strip()}' (see the people screen).")


def has_overdue(entries: Iterable[Entry]) -> bool:
    return any(entry.overdue for entry in entries)


def day_heading(day: date, today: date) -> str:
    """``Tue 2026-11-24 (tomorrow)``."""
    name = f"{_WEEKDAYS[day.weekday()]} {day.isoformat()}"
    if day == today:
        return f"{name} (today)"
    if day == today + timedelta(days=1):
        return f"{name} (tomorrow)"
    return name


def sections(entries: Iterable[Entry], today: date) -> list[tuple[str, list[Entry]]]:
    """The agenda grouped: overdue first, then each day that has something (anything
    due before today but not overdue, such as a meeting rhythm's open period, goes under
    today), then the loose ends, which have no date."""
    groups: dict[tuple[int, date], list[Entry]] = {}
    for entry in entries:
        if entry.overdue:
            key = (0, date.min)
        elif entry.day is None and entry.kind == LOOSE_END:
            key = (2, date.max)
        else:
            key = (1, max(entry.day or today, today))
        groups.setdefault(key, []).append(entry)
    named = []
    for (rank, day), found in sorted(groups.items(), key=lambda pair: pair[0]):
        heading = ("Overdue", day_heading(day, today), "Loose ends")[rank]
        named.append((heading, found))
    return named


def entry_line(entry: Entry) -> str:
    """``Juniper Hotels — Send the handover letter (#42, due 2026-11-20)``."""
    tail = []
    if entry.ref is not None and entry.kind == ITEM:
        tail.append(f"#{entry.ref}")
    if entry.overdue and entry.day is not None:
        tail.append(f"due {entry.day.isoformat()}")
    extra = f" ({', '.join(tail)})" if tail else ""
    return f"{entry.client} — {entry.text}{extra}"


__all__ = [
    "CADENCE",
    "ITEM",
    "LOOSE_END",
    "MEETING",
    "RENEWAL",
    "RENEWAL_DAYS",
    "SIGNAL",
    "Entry",
    "day_heading",
    "entry_line",
    "for_people",
    "has_overdue",
    "in_window",
    "match_person",
    "sections",
]
