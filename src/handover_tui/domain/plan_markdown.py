"""The transition plan as Markdown (CommonMark with GFM tables).

Everything a user typed is treated as plain text and escaped, so a title such as
``# Done | [x](y) <script>`` reads as itself and cannot add a heading, a table column,
a link or a tag to the document.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import date

from handover_tui.domain.formatting import date_text
from handover_tui.domain.plan_document import (
    SECTIONS,
    PlanDocument,
    note_blocks,
    section_bodies,
)

SIGNATURE_LINE = "Signature: ________  Date: ________"


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

    def subheading(self, text: str) -> str:
        return f"#### {md_line(text, start=False)}"

    def note(self, body: str) -> str:
        """A note's body: its headings demoted, each paragraph escaped line by line."""
        out = []
        for level, text in note_blocks(body):
            if level:
                out.append(f"{'#' * level} {md_line(text, start=False)}")
                continue
            for paragraph in re.split(r"\n[ \t]*\n", text):
                lines = _md_lines(paragraph, start=True)
                if lines:
                    out.append("\\\n".join(lines))
        return "\n\n".join(out) or self.empty("No text written.")

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
    sections = section_bodies(doc, _MarkdownWriter())
    for number, (title, body) in enumerate(zip(SECTIONS, sections, strict=True), 1):
        blocks.append(f"## {number}. {title}")
        blocks += body
    return "\n\n".join(blocks) + "\n"
