"""The agenda between calls: overdue and due checklist items, planned meetings and
meeting rhythms, renewals, high signals and the loose ends of running handoffs, for one
person's clients or everyone's. One read (``db.agenda_read``) behind ``handover agenda``
and the app's notice of what is due today."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from handover_tui.db import agenda_read
from handover_tui.db.read import Reader, reading
from handover_tui.domain import agenda as rules
from handover_tui.domain.agenda import Entry
from handover_tui.domain.signals import Thresholds
from handover_tui.services import NotFound

if TYPE_CHECKING:
    from handover_tui.db.engine import Database

DEFAULT_DAYS = 7


@dataclass(frozen=True)
class Agenda:
    today: date
    days: int
    entries: list[Entry]
    person: str
    """Whose agenda it is (their name), or "" for everyone's."""

    @property
    def overdue(self) -> bool:
        return rules.has_overdue(self.entries)

    def sections(self) -> list[tuple[str, list[Entry]]]:
        return rules.sections(self.entries, self.today)

    def due_today(self) -> list[Entry]:
        """What is overdue or due today (the app's notice), loose ends left out."""
        return [
            entry
            for entry in self.entries
            if entry.kind != rules.LOOSE_END
            and (entry.overdue or entry.day is None or entry.day <= self.today)
        ]


def read_agenda(
    reader: Reader,
    today: date,
    *,
    days: int = DEFAULT_DAYS,
    person: str | None = None,
    limits: Thresholds | None = None,
) -> Agenda:
    """The agenda of ``person`` (a name or e-mail; None: everyone's) for ``days`` days."""
    entries = agenda_read.entries(reader, today, days=days, limits=limits)
    name = ""
    if person is not None and person.strip():
        people = agenda_read.people(reader)
        try:
            person_id = rules.match_person(people, person)
        except LookupError as error:
            raise NotFound(str(error)) from None
        name = next(found for pid, found, _email in people if pid == person_id)
        entries = rules.for_people(entries, agenda_read.involved(reader), {person_id})
    return Agenda(today, days, rules.in_window(entries, today, days), name)


def agenda(
    db: Database,
    today: date,
    *,
    days: int = DEFAULT_DAYS,
    person: str | None = None,
    limits: Thresholds | None = None,
) -> Agenda:
    """:func:`read_agenda` on the open database."""
    with reading(db) as reader:
        return read_agenda(reader, today, days=days, person=person, limits=limits)


def notice_file(database: str = "") -> Path:
    """Where the day of the last "due today" notice on ``database`` (its identity: a
    file's path, a server's URL) is kept, in the user state folder."""
    import hashlib

    from platformdirs import user_state_path

    from handover_tui.config import APP_NAME

    digest = hashlib.sha256(database.encode()).hexdigest()[:16]
    return user_state_path(APP_NAME, appauthor=False) / f"agenda-notice-{digest}"


def daily_notice(
    db: Database,
    today: date,
    *,
    person: str | None = None,
    limits: Thresholds | None = None,
    state: Path | None = None,
) -> str | None:
    """What is due today, as one notice, the first time it is asked for on ``today``
    (the day is then kept in ``state``); None when already shown today or nothing is
    due. ``person`` whose agenda (None: everyone's); an unknown one gives everyone's."""
    state = state or notice_file()
    try:
        if state.read_text(encoding="utf-8").strip() == today.isoformat():
            return None
    except (OSError, UnicodeDecodeError):
        pass
    try:
        found = agenda(db, today, days=1, person=person, limits=limits)
    except NotFound:
        found = agenda(db, today, days=1, limits=limits)
    due = found.due_today()
    try:
        state.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        state.write_text(today.isoformat(), encoding="utf-8")
    except OSError:
        pass  # shown again next time: better than never
    if not due:
        return None
    overdue = sum(entry.overdue for entry in due)
    head = f"{len(due)} thing{'s' * (len(due) != 1)} to see to today"
    if overdue:
        head += f", {overdue} overdue"
    lines = [rules.entry_line(entry) for entry in due[:3]]
    more = f"\n… and {len(due) - 3} more" if len(due) > 3 else ""
    return f"{head}:\n" + "\n".join(lines) + more + "\n(handover agenda lists them all)"


__all__ = ["DEFAULT_DAYS", "Agenda", "agenda", "daily_notice", "notice_file", "read_agenda"]
