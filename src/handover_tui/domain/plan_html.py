"""The transition plan as one self-contained HTML file, styled for screen and print.

Everything a user typed is escaped, so it reads as itself and cannot add a tag; no
script or fetch is allowed by the page's Content-Security-Policy.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from datetime import date

from handover_tui.domain.formatting import date_text
from handover_tui.domain.plan_document import (
    SECTION_IDS,
    SECTIONS,
    PlanDocument,
    note_blocks,
    section_bodies,
)

# Printed, these sections start on a new page: the long checklist, the address book,
# the page to sign and the summary the successor keeps.
NEW_PAGE = {"process", "contacts", "approval", "summary"}


CSS = """
:root { color-scheme: light; }
body { font-family: "Helvetica Neue", Helvetica, Arial, "Liberation Sans", sans-serif;
  font-size: 11pt; line-height: 1.45; color: #1a1a1a; background: #fff;
  max-width: 52rem; margin: 2rem auto; padding: 0 1.5rem; }
h1 { font-size: 20pt; margin: 0 0 1rem; }
h2 { font-size: 14pt; margin: 2rem 0 .6rem; padding-bottom: .2rem;
  border-bottom: 1.5px solid #444; }
h3 { font-size: 11.5pt; margin: 1.2rem 0 .4rem; }
h4 { font-size: 11pt; margin: 1rem 0 .3rem; }
h5, h6 { font-size: 10.5pt; margin: .8rem 0 .2rem; }
h6 { font-style: italic; }
p { margin: .4rem 0; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .15rem 1.2rem; }
dl.facts dt { font-weight: bold; }
dl.facts dd { margin: 0; }
dd, td, .text, .note { white-space: pre-wrap; overflow-wrap: anywhere; }
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
  h1, h2, h3, h4, h5, h6 { break-after: avoid; page-break-after: avoid; }
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

    def subheading(self, text: str) -> str:
        return f"<h4>{_e(text)}</h4>"

    def note(self, body: str) -> str:
        """A note's body: its headings demoted, the text between them kept as written."""
        out = [
            f"<h{level}>{_e(text)}</h{level}>" if level else f'<p class="note">{_e(text)}</p>'
            for level, text in note_blocks(body)
        ]
        return "\n".join(out) or self.empty("No text written.")

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
    sections = zip(SECTION_IDS, SECTIONS, section_bodies(doc, _HtmlWriter()), strict=True)
    for number, (key, heading, body) in enumerate(sections, 1):
        css = ' class="new-page"' if key in NEW_PAGE else ""
        out += [f'<section id="{key}"{css}>', f"<h2>{number}. {heading}</h2>", *body]
        out.append("</section>")
    out += ["</body>", "</html>"]
    return "\n".join(out) + "\n"
