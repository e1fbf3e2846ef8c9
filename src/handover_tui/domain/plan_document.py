"""The transition plan as a document to e-mail or print: Markdown or one HTML file.

The dataclasses hold the content as plain, already formatted values; the renderers only
lay it out. Everything a user typed is treated as plain text and escaped, so a title such
as ``# Done | [x](y) <script>`` reads as itself and cannot add a heading, a table column,
a link or a tag to the document.
"""

from __future__ import annotations

import html
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
# Printed, these sections start on a new page: the long checklist, the address book,
# the page to sign and the summary the successor keeps.
NEW_PAGE = {"process", "contacts", "approval", "summary"}
SIGNATURE_LINE = "Signature: ________  Date: ________"


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
class Cadence:
    """How often one kind of contact is to happen, the next due and the periods missed."""

    kind: str
    every_days: int
    next_due: date | None = None
    missed: tuple[date, ...] = ()


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
class PlanDocument:
    """Everything the transition plan document says, in plain values."""

    client: str
    outgoing: str
    incoming: str
    prepared_by: str
    prepared_on: date
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


# -- content both formats share (plain text; each writer escapes it) ---------------------


def _facts(doc: PlanDocument) -> list[tuple[str, str]]:
    return [
        ("Client", doc.client),
        ("Outgoing owner", doc.outgoing or "not named"),
        ("Incoming owner", doc.incoming or "not named"),
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
STAKEHOLDER_HEADERS = ("Name", "Title", "E-mail", "Phone", "Preferred channel", "Time zone")


def _team_row(party: Party) -> list[str]:
    return [party.side, party.name, party.role, party.email, party.phone]


def _stakeholder_row(party: Party) -> list[str]:
    name = f"{party.name} (primary)" if party.primary else party.name
    return [name, party.role, party.email, party.phone, party.channel, party.time_zone]


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


class _Writer(Protocol):
    """The few shapes the document is made of, in one output format."""

    def heading(self, text: str) -> str: ...
    def para(self, text: str) -> str: ...
    def empty(self, text: str) -> str: ...
    def text(self, text: str, empty: str) -> str: ...
    def bullets(self, lines: Iterable[str], empty: str) -> str: ...
    def facts(self, pairs: Iterable[tuple[str, str]]) -> str: ...
    def table(self, headers: Sequence[str], rows: Iterable[Sequence[str]], empty: str) -> str: ...
    def signatory(self, name: str, details: str, signed_on: date | None) -> str: ...


def _sections(doc: PlanDocument, w: _Writer) -> list[list[str]]:
    """The body of each section (without its heading), in the order of ``SECTIONS``."""
    intro = [w.facts(_facts(doc))]
    overview = [w.text(doc.overview, "No overview written yet.")]
    process = [w.para(_progress([item for phase in doc.phases for item in phase.items]))]
    for phase in doc.phases:
        rows = [_item_row(item) for item in phase.items]
        process += [w.heading(phase.label), w.para(_phase_line(phase))]
        process.append(w.table(ITEM_HEADERS, rows, "No checklist items in this phase."))
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
    approval = [
        w.signatory(row.name.strip() or "Unnamed signatory", _signatory_line(row), row.signed_on)
        for row in doc.signatories
    ] or [w.empty("No signatories named yet.")]
    summary: list[str] = []
    for part in doc.summary:
        summary += [w.heading(part.heading), w.text(part.text, "Not written yet.")]
    return [intro, overview, process, roles, communication, contacts, feedback, approval, summary]


# -- Markdown -----------------------------------------------------------------------------

# Characters that open inline structure anywhere on a line: code, emphasis, links, HTML,
# table cells and strikethrough. "_" inside a word ("New_York") cannot open emphasis.
_MD_INLINE = re.compile(r"([\\`*\[\]<|~])|(?<![^\W_])_|_(?![^\W_])")
_MD_ENTITY = re.compile(r"&(?=#?\w+;)")
# A run of "#" ending a line would close an ATX heading.
_MD_CLOSING = re.compile(r"(?<=\s)(?=#+$)")
# At the start of a line: headings, quotes, list markers, setext underlines, ordered lists.
_MD_LINE_START = re.compile(r"^(?:[-+=>#]|\d+(?=[.)]))")


def md_line(text: str, *, start: bool = True) -> str:
    """One line of user text, escaped so it reads as itself in Markdown; ``start`` when it
    may begin a block (a paragraph, a quote or a list item), not inside a table cell."""
    # A name or heading with line breaks in it is read as one line.
    text = " ".join(text.replace("\t", " ").replace("\0", "\ufffd").splitlines()).strip()
    text = _MD_INLINE.sub(lambda m: "\\" + m.group(0), text)
    text = _MD_CLOSING.sub("\\\\", _MD_ENTITY.sub(r"\\&", text))
    match = _MD_LINE_START.match(text) if start else None
    if match is None:
        return text
    # "12." becomes "12\.": the digits stay, the dot is escaped; "-" becomes "\-".
    end = match.end() if text[0].isdigit() else 0
    return text[:end] + "\\" + text[end:]


def _md_lines(text: str, *, start: bool) -> list[str]:
    return [md_line(line, start=start) for line in text.strip().splitlines()]


def md_cell(text: str, *, start: bool = False) -> str:
    """User text for a table cell or a list item: escaped, line breaks kept as ``<br>``."""
    return "<br>".join(line for line in _md_lines(text, start=start) if line)


class _MarkdownWriter:
    def heading(self, text: str) -> str:
        return f"### {md_line(text, start=False)}"

    def para(self, text: str) -> str:
        return md_line(text)

    def empty(self, text: str) -> str:
        return f"_{text}_"

    def text(self, text: str, empty: str) -> str:
        """A quoted block: a blank line or a "#" in it stays inside; line breaks kept."""
        lines = _md_lines(text, start=True)
        if not lines:
            return self.empty(empty)
        out = []
        for index, line in enumerate(lines):
            follows = index + 1 < len(lines) and lines[index + 1]
            out.append(f"> {line}\\" if line and follows else f"> {line}".rstrip())
        return "\n".join(out)

    def bullets(self, lines: Iterable[str], empty: str) -> str:
        out = "\n".join(f"- {md_cell(line, start=True)}" for line in lines)
        return out or self.empty(empty)

    def facts(self, pairs: Iterable[tuple[str, str]]) -> str:
        return "\n".join(f"- **{label}:** {md_cell(value)}" for label, value in pairs)

    def table(self, headers: Sequence[str], rows: Iterable[Sequence[str]], empty: str) -> str:
        body = ["| " + " | ".join(md_cell(cell) for cell in row) + " |" for row in rows]
        if not body:
            return self.empty(empty)
        head = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
        return "\n".join(head + body)

    def signatory(self, name: str, details: str, signed_on: date | None) -> str:
        who = f"**{md_line(name, start=False)}**"
        if details:
            who += f", {md_line(details, start=False)}"
        signed = f"Signed on {date_text(signed_on)}." if signed_on else SIGNATURE_LINE
        return f"{who}\\\n{signed}"


def to_markdown(doc: PlanDocument) -> str:
    """The plan as a Markdown document (CommonMark with GFM tables)."""
    blocks = [f"# Transition plan: {md_line(doc.client, start=False)}"]
    sections = _sections(doc, _MarkdownWriter())
    for number, (title, body) in enumerate(zip(SECTIONS, sections, strict=True), 1):
        blocks.append(f"## {number}. {title}")
        blocks += body
    return "\n\n".join(blocks) + "\n"


# -- HTML ---------------------------------------------------------------------------------

CSS = """
:root { color-scheme: light; }
body { font-family: "Helvetica Neue", Helvetica, Arial, "Liberation Sans", sans-serif;
  font-size: 11pt; line-height: 1.45; color: #1a1a1a; background: #fff;
  max-width: 52rem; margin: 2rem auto; padding: 0 1.5rem; }
h1 { font-size: 20pt; margin: 0 0 1rem; }
h2 { font-size: 14pt; margin: 2rem 0 .6rem; padding-bottom: .2rem;
  border-bottom: 1.5px solid #444; }
h3 { font-size: 11.5pt; margin: 1.2rem 0 .4rem; }
p { margin: .4rem 0; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .15rem 1.2rem; }
dl.facts dt { font-weight: bold; }
dl.facts dd { margin: 0; }
dd, td, .text { white-space: pre-wrap; overflow-wrap: anywhere; }
.text { margin: .4rem 0; padding-left: .8rem; border-left: 3px solid #bbb; }
.empty { font-style: italic; color: #555; }
table { border-collapse: collapse; width: 100%; margin: .4rem 0 1rem; font-size: 10pt; }
th, td { border: 1px solid #777; padding: .3rem .45rem; text-align: left;
  vertical-align: top; }
th { background: #ececec; }
ul { margin: .3rem 0; padding-left: 1.4rem; }
.signatory { margin: 1.4rem 0; }
.signatory p { margin: .2rem 0; }
.blank { display: inline-block; width: 16em; height: 1.2em; vertical-align: bottom;
  border-bottom: 1px solid #000; margin-right: 1.5em; }
.blank.short { width: 8em; }
@page { margin: 18mm 16mm; }
@media print {
  body { max-width: none; margin: 0; padding: 0; font-size: 10.5pt; }
  section.new-page { break-before: page; page-break-before: always; }
  h1, h2, h3 { break-after: avoid; page-break-after: avoid; }
  tr, .signatory, dl.facts, .text { break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; }
  th { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
}
"""

# No scripts, no fetches: even a slip in escaping could neither run nor load anything.
_CSP = "default-src 'none'; style-src 'unsafe-inline'"


def _e(text: str) -> str:
    return html.escape(text.strip(), quote=True)


class _HtmlWriter:
    def heading(self, text: str) -> str:
        return f"<h3>{_e(text)}</h3>"

    def para(self, text: str) -> str:
        return f"<p>{_e(text)}</p>"

    def empty(self, text: str) -> str:
        return f'<p class="empty">{_e(text)}</p>'

    def text(self, text: str, empty: str) -> str:
        return f'<p class="text">{_e(text)}</p>' if text.strip() else self.empty(empty)

    def bullets(self, lines: Iterable[str], empty: str) -> str:
        items = "".join(f"<li>{_e(line)}</li>\n" for line in lines)
        return f"<ul>\n{items}</ul>" if items else self.empty(empty)

    def facts(self, pairs: Iterable[tuple[str, str]]) -> str:
        rows = "".join(f"<dt>{_e(label)}</dt><dd>{_e(value)}</dd>\n" for label, value in pairs)
        return f'<dl class="facts">\n{rows}</dl>'

    def table(self, headers: Sequence[str], rows: Iterable[Sequence[str]], empty: str) -> str:
        body = "".join(
            "<tr>" + "".join(f"<td>{_e(cell)}</td>" for cell in row) + "</tr>\n" for row in rows
        )
        if not body:
            return self.empty(empty)
        head = "".join(f"<th>{_e(cell)}</th>" for cell in headers)
        return f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{body}</tbody>\n</table>"

    def signatory(self, name: str, details: str, signed_on: date | None) -> str:
        who = f"<strong>{_e(name)}</strong>" + (f", {_e(details)}" if details else "")
        signed = (
            f"Signed on {date_text(signed_on)}."
            if signed_on
            else 'Signature: <span class="blank"></span> Date: <span class="blank short"></span>'
        )
        return f'<div class="signatory">\n<p>{who}</p>\n<p>{signed}</p>\n</div>'


def to_html(doc: PlanDocument) -> str:
    """The plan as one self-contained HTML file, styled for screen and print."""
    title = _e(f"Transition plan: {doc.client}")
    out = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{title}</title>",
        f"<style>{CSS}</style>",
        "</head>",
        "<body>",
        f"<h1>{title}</h1>",
    ]
    sections = zip(SECTION_IDS, SECTIONS, _sections(doc, _HtmlWriter()), strict=True)
    for number, (key, heading, body) in enumerate(sections, 1):
        css = ' class="new-page"' if key in NEW_PAGE else ""
        out += [f'<section id="{key}"{css}>', f"<h2>{number}. {heading}</h2>", *body]
        out.append("</section>")
    out += ["</body>", "</html>"]
    return "\n".join(out) + "\n"
