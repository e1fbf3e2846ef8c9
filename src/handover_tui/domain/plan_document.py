"""The transition plan as a document: its content in plain, already formatted values,
and the sections both formats share; ``plan_markdown`` and ``plan_html`` lay them out,
each escaping what a user typed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from handover_tui.domain.formatting import date_text

# The sections, in the order they appear; headings are numbered from 1.
SECTIONS: tuple[str, ...] = (
    "Introduction",
    "Overview",
    "Transition process",
    "Roles and responsibilities",
    "Communication plan",
    "Contact information",
    "Review and feedback",
    "Final approval",
    "Handoff summary",
)
SECTION_IDS = (
    "introduction",
    "overview",
    "process",
    "roles",
    "communication",
    "contacts",
    "feedback",
    "approval",
    "summary",
)


@dataclass(frozen=True)
class Fact:
    """One labelled line of the introduction."""

    label: str
    value: str


@dataclass(frozen=True)
class Item:
    """A checklist item; ``responsible`` names the person or side who carries it."""

    title: str
    due_on: date | None
    done_on: date | None
    responsible: str
    notes: str = ""
    overdue: bool = False


@dataclass(frozen=True)
class PhasePlan:
    label: str
    start: date | None
    end: date | None
    items: tuple[Item, ...] = ()


@dataclass(frozen=True)
class Role:
    """What one side does: the written description and its checklist items."""

    side: str
    who: str
    description: str
    duties: tuple[str, ...] = ()


@dataclass(frozen=True)
class Meeting:
    """One dated contact of a rhythm: ``state`` is held, missed, due or planned."""

    on: date
    state: str
    held_on: date | None = None


@dataclass(frozen=True)
class Cadence:
    """How often one kind of contact is to happen, the next due, the periods missed and
    every dated occurrence."""

    kind: str
    every_days: int
    next_due: date | None = None
    missed: tuple[date, ...] = ()
    occurrences: tuple[Meeting, ...] = ()


@dataclass(frozen=True)
class LogEntry:
    occurred_on: date
    kind: str
    attendees: str
    summary: str
    next_planned_on: date | None = None


@dataclass(frozen=True)
class Party:
    """Someone to reach: an owner (``side`` says which) or a client stakeholder."""

    name: str
    role: str
    email: str
    phone: str
    side: str = ""
    channel: str = ""
    time_zone: str = ""
    primary: bool = False
    decision_role: str = ""
    held_by: str = ""
    """Who on our side holds the relationship with this stakeholder."""


@dataclass(frozen=True)
class FeedbackEntry:
    given_on: date
    source: str
    author: str
    rating: int | None
    comment: str


@dataclass(frozen=True)
class Signatory:
    name: str
    role: str
    side: str
    signed_on: date | None
    required: bool = True


@dataclass(frozen=True)
class SummaryPart:
    heading: str
    text: str


@dataclass(frozen=True)
class LooseEndEntry:
    """A loose end of the handoff: ``holder`` and ``state`` already in words."""

    title: str
    holder: str
    due_on: date | None
    state: str
    notes: str = ""
    overdue: bool = False


@dataclass(frozen=True)
class KnowledgeNote:
    """A knowledge-transfer note as the document carries it; ``body`` is the author's
    Markdown, whose headings are demoted under the note's own."""

    category: str
    title: str
    body: str
    author: str = ""
    written_on: date | None = None
    pinned: bool = False


@dataclass(frozen=True)
class PlanDocument:
    """Everything the transition plan document says, in plain values."""

    client: str
    outgoing: str
    incoming: str
    prepared_by: str
    prepared_on: date
    department: str = ""
    """The owners' department (both, when they differ); empty when none is recorded."""
    details: tuple[Fact, ...] = ()
    overview: str = ""
    phases: tuple[PhasePlan, ...] = ()
    roles: tuple[Role, ...] = ()
    cadence: tuple[Cadence, ...] = ()
    log: tuple[LogEntry, ...] = ()
    team: tuple[Party, ...] = ()
    stakeholders: tuple[Party, ...] = ()
    feedback: tuple[FeedbackEntry, ...] = ()
    feedback_average: str = ""
    signatories: tuple[Signatory, ...] = ()
    summary: tuple[SummaryPart, ...] = ()
    loose_ends: tuple[LooseEndEntry, ...] = ()
    knowledge: tuple[KnowledgeNote, ...] = ()
    lessons: tuple[KnowledgeNote, ...] = ()


# -- content both formats share (plain text; each writer escapes it) ---------------------


def _facts(doc: PlanDocument) -> list[tuple[str, str]]:
    return [
        ("Client", doc.client),
        ("Outgoing owner", doc.outgoing or "not named"),
        ("Incoming owner", doc.incoming or "not named"),
        *((("Department", doc.department),) if doc.department else ()),
        ("Prepared by", doc.prepared_by),
        ("Date", date_text(doc.prepared_on)),
        *((fact.label, fact.value) for fact in doc.details),
    ]


def _progress(items: Sequence[Item]) -> str:
    done = sum(item.done_on is not None for item in items)
    return f"{done} of {len(items)} checklist items done."


def _phase_line(phase: PhasePlan) -> str:
    if phase.start and phase.end:
        dates = f"{date_text(phase.start)} to {date_text(phase.end)}"
    else:
        dates = "Dates not set"
    return f"{dates}. {_progress(phase.items)}"


ITEM_HEADERS = ("Status", "Item", "Due", "Responsible")


def _item_row(item: Item) -> list[str]:
    if item.done_on is not None:
        status = f"Done {date_text(item.done_on)}"
    else:
        status = "Overdue" if item.overdue else "Open"
    title = f"{item.title}\nNote: {item.notes}" if item.notes.strip() else item.title
    return [status, title, date_text(item.due_on), item.responsible]


LOOSE_ENDS_HEADING = "Loose ends"
"""The summary part in whose place the loose ends are listed, as a table."""
LOOSE_END_HEADERS = ("State", "Loose end", "Held by", "Due")


def _loose_end_row(end: LooseEndEntry) -> list[str]:
    state = "Overdue" if end.overdue else end.state
    title = f"{end.title}\nNote: {end.notes}" if end.notes.strip() else end.title
    return [state, title, end.holder, date_text(end.due_on)]


def _cadence_line(cadence: Cadence, today: date) -> str:
    line = f"{cadence.kind}: every {cadence.every_days} days"
    if cadence.next_due is None:
        line += "; nothing more due"
    elif cadence.next_due <= today:
        line += f"; due now (since {date_text(cadence.next_due)})"
    else:
        line += f"; next due {date_text(cadence.next_due)}"
    if cadence.missed:
        starts = ", ".join(date_text(day) for day in cadence.missed)
        line += f"; nothing logged in the period from {starts}"
    return line + "."


MEETING_HEADERS = ("Date", "Kind", "Held or missed")
MEETING_STATES = {"held": "Held", "missed": "Missed", "due": "Due now", "planned": "Planned"}


def _meeting_rows(cadences: Sequence[Cadence]) -> list[list[str]]:
    """Every dated contact of every rhythm, by date: what the plan holds the owners to."""
    rows = []
    for cadence in cadences:
        for meeting in cadence.occurrences:
            state = MEETING_STATES.get(meeting.state, meeting.state)
            if meeting.held_on is not None:
                state = f"{state} {date_text(meeting.held_on)}"
            rows.append((meeting.on, cadence.kind, state))
    return [[date_text(on), kind, state] for on, kind, state in sorted(rows)]


LOG_HEADERS = ("Date", "Kind", "Attendees", "Summary", "Next planned")


def _log_row(entry: LogEntry) -> list[str]:
    return [
        date_text(entry.occurred_on),
        entry.kind,
        entry.attendees,
        entry.summary,
        date_text(entry.next_planned_on),
    ]


TEAM_HEADERS = ("Side", "Name", "Role", "E-mail", "Phone")
STAKEHOLDER_HEADERS = (
    "Name",
    "Title",
    "Decision role",
    "Relationship held by",
    "E-mail",
    "Phone",
    "Preferred channel",
    "Time zone",
)


def _team_row(party: Party) -> list[str]:
    return [party.side, party.name, party.role, party.email, party.phone]


def _stakeholder_row(party: Party) -> list[str]:
    name = f"{party.name} (primary)" if party.primary else party.name
    return [
        name,
        party.role,
        party.decision_role,
        party.held_by,
        party.email,
        party.phone,
        party.channel,
        party.time_zone,
    ]


FEEDBACK_HEADERS = ("Date", "From", "Rating", "Comment")


def _feedback_row(entry: FeedbackEntry) -> list[str]:
    source = f"{entry.source} ({entry.author})" if entry.author.strip() else entry.source
    rating = f"{entry.rating}/5" if entry.rating else ""
    return [date_text(entry.given_on), source, rating, entry.comment]


def _signatory_line(row: Signatory) -> str:
    parts = [part for part in (row.role, row.side) if part.strip()]
    if not row.required:
        parts.append("optional")
    return ", ".join(parts)


# A note's own headings sit below its title (level 4): "#" becomes 5, deeper ones 6.
_NOTE_HEADING = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
NOTE_HEADING_BASE = 4


def note_blocks(body: str) -> list[tuple[int, str]]:
    """A note's body cut at its headings: ``(level, text)`` with the heading's demoted
    level, or ``(0, lines)`` for the plain text between them (kept as written)."""
    blocks: list[tuple[int, str]] = []
    run: list[str] = []

    def flush() -> None:
        text = "\n".join(run).strip("\n")
        if text.strip():
            blocks.append((0, text))
        run.clear()

    for line in body.splitlines():
        match = _NOTE_HEADING.match(line)
        if match is None:
            run.append(line)
            continue
        flush()
        level = min(NOTE_HEADING_BASE + len(match.group(1)), 6)
        if (match.group(2) or "").strip():
            blocks.append((level, match.group(2).strip()))
    flush()
    return blocks


def _note_title(note: KnowledgeNote) -> str:
    return f"{note.category}: {note.title}" if note.category else note.title


def _note_byline(note: KnowledgeNote) -> str:
    """``Pinned. Written by Maya Lindqvist on 2026-11-02.``"""
    parts = []
    if note.author.strip():
        parts.append(f"by {note.author.strip()}")
    if note.written_on is not None:
        parts.append(f"on {date_text(note.written_on)}")
    line = f"Written {' '.join(parts)}." if parts else ""
    return f"Pinned. {line}".strip() if note.pinned else line


def _notes(notes: Sequence[KnowledgeNote], w: Writer, empty: str) -> list[str]:
    if not notes:
        return [w.empty(empty)]
    out: list[str] = []
    for note in notes:
        out.append(w.subheading(_note_title(note)))
        byline = _note_byline(note)
        if byline:
            out.append(w.para(byline))
        out.append(w.note(note.body))
    return out


KNOWLEDGE_HEADING = "Knowledge transfer: history, preferences, ongoing projects, challenges"
LESSONS_HEADING = "Lessons learned"


class Writer(Protocol):
    """The few shapes the document is made of, in one output format."""

    def heading(self, text: str) -> str: ...
    def subheading(self, text: str) -> str: ...
    def note(self, body: str) -> str: ...
    def para(self, text: str) -> str: ...
    def empty(self, text: str) -> str: ...
    def text(self, text: str, empty: str) -> str: ...
    def bullets(self, lines: Iterable[str], empty: str) -> str: ...
    def facts(self, pairs: Iterable[tuple[str, str]]) -> str: ...
    def table(self, headers: Sequence[str], rows: Iterable[Sequence[str]], empty: str) -> str: ...
    def signatory(self, name: str, details: str, signed_on: date | None) -> str: ...


def section_bodies(doc: PlanDocument, w: Writer) -> list[list[str]]:
    """The body of each section (without its heading), in the order of ``SECTIONS``."""
    intro = [w.facts(_facts(doc))]
    overview = [w.text(doc.overview, "No overview written yet.")]
    process = [w.para(_progress([item for phase in doc.phases for item in phase.items]))]
    for index, phase in enumerate(doc.phases):
        rows = [_item_row(item) for item in phase.items]
        process += [w.heading(phase.label), w.para(_phase_line(phase))]
        process.append(w.table(ITEM_HEADERS, rows, "No checklist items in this phase."))
        if index == 0:  # the documentation the preparation phase writes
            process.append(w.heading(KNOWLEDGE_HEADING))
            process += _notes(doc.knowledge, w, "No knowledge-transfer notes written yet.")
    roles: list[str] = []
    for role in doc.roles:
        roles.append(w.heading(f"{role.side}: {role.who}" if role.who.strip() else role.side))
        roles.append(w.text(role.description, "No description written yet."))
        roles.append(w.para("Checklist items:"))
        roles.append(w.bullets(role.duties, "No checklist items on this side."))
    cadence = (_cadence_line(line, doc.prepared_on) for line in doc.cadence)
    communication = [
        w.heading("Cadence"),
        w.bullets(cadence, "No regular rhythm of contact agreed yet."),
    ]
    meetings = _meeting_rows(doc.cadence)
    if meetings:
        communication += [
            w.heading("Meetings and updates by date"),
            w.table(MEETING_HEADERS, meetings, ""),
        ]
    communication += [
        w.heading("Log"),
        w.table(LOG_HEADERS, map(_log_row, doc.log), "Nothing logged yet."),
    ]
    contacts = [
        w.heading("Consulting team"),
        w.table(TEAM_HEADERS, map(_team_row, doc.team), "No owners named."),
        w.heading("Client stakeholders"),
        w.table(STAKEHOLDER_HEADERS, map(_stakeholder_row, doc.stakeholders), "None recorded."),
    ]
    feedback = [w.empty("No feedback recorded yet.")]
    if doc.feedback:
        feedback = [
            w.para(f"Average: {doc.feedback_average}"),
            w.table(FEEDBACK_HEADERS, map(_feedback_row, doc.feedback), ""),
        ]
    feedback.append(w.heading(LESSONS_HEADING))
    feedback += _notes(doc.lessons, w, "No lessons learned written yet.")
    approval = [
        w.signatory(row.name.strip() or "Unnamed signatory", _signatory_line(row), row.signed_on)
        for row in doc.signatories
    ] or [w.empty("No signatories named yet.")]
    summary: list[str] = []
    for part in doc.summary:
        if part.heading == LOOSE_ENDS_HEADING:
            ends = map(_loose_end_row, doc.loose_ends)
            summary += [w.heading(part.heading), w.table(LOOSE_END_HEADERS, ends, part.text)]
        else:
            summary += [w.heading(part.heading), w.text(part.text, "Not written yet.")]
    return [intro, overview, process, roles, communication, contacts, feedback, approval, summary]
