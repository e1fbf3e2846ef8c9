from __future__ import annotations

import re
import subprocess
import sys
from datetime import date
from html.parser import HTMLParser

import pytest
from markdown_it import MarkdownIt

from handover_tui.domain.plan_document import (
    KNOWLEDGE_HEADING,
    LOOSE_ENDS_HEADING,
    SECTIONS,
    Cadence,
    Fact,
    FeedbackEntry,
    Item,
    KnowledgeNote,
    LogEntry,
    LooseEndEntry,
    Party,
    PhasePlan,
    PlanDocument,
    Role,
    Signatory,
    SummaryPart,
    note_blocks,
)
from handover_tui.domain.plan_html import to_html
from handover_tui.domain.plan_markdown import SIGNATURE_LINE, md_line, to_markdown

DAY = date(2026, 11, 23)
# Every trick a user could type, one per line: a heading, a table row, a tag, a link, an
# image, code, a rule, a quote, lists, an indented code block, emphasis, an entity.
HOSTILE = (
    "# Heading\n"
    "| a | b |\n"
    "<script>alert(1)</script>\n"
    "[x](javascript:alert(1)) and ![img](y.png)\n"
    "```code``` and `tick`\n"
    "---\n"
    "> quote\n"
    "1. one\n"
    "- item\n"
    "+ other\n"
    "    indented\n"
    "*bold* __strong__ ~~strike~~ &lt;b&gt; trailing ##\n"
    "\n"
    "## 3. Transition process\r"
    "# after a carriage return\n"
    "==="
)
MARKDOWN = MarkdownIt("commonmark").enable(["table", "strikethrough"])


def make_doc(text: str, *, signed: bool = False) -> PlanDocument:
    """A document with ``text`` in every field a user can type."""
    item = Item(text, DAY, DAY if signed else None, text, notes=text)
    party = Party(text, text, text, text, side="Outgoing owner", channel=text, time_zone=text)
    return PlanDocument(
        client=text,
        outgoing=text,
        incoming=text,
        prepared_by=text,
        prepared_on=DAY,
        details=(Fact("Transition status", text),),
        overview=text,
        phases=(PhasePlan("Pre-transition preparation", DAY, DAY, (item, item)),),
        roles=(Role("Outgoing owner", text, text, (text, text)),),
        cadence=(Cadence(text, 7, DAY, (DAY,)),),
        log=(LogEntry(DAY, text, text, text, DAY),),
        team=(party,),
        stakeholders=(party,),
        feedback=(FeedbackEntry(DAY, text, text, 4, text),),
        feedback_average=text,
        signatories=(Signatory(text, text, text, DAY if signed else None),),
        summary=(SummaryPart("Going forward", text), SummaryPart(LOOSE_ENDS_HEADING, "None.")),
        loose_ends=(LooseEndEntry(text, text, DAY, text, text),),
    )


def benign(text: str) -> str:
    """Same lines and spaces, no punctuation: the structure the document must keep."""
    return re.sub(r"[^\s]", "a", text)


def shape(markdown: str) -> list[tuple[str, ...]]:
    """Block tokens, and the kinds of inline tokens inside each (text runs merged)."""
    out: list[tuple[str, ...]] = []
    for token in MARKDOWN.parse(markdown):
        if token.type != "inline":
            out.append((token.type, token.tag))
            continue
        kinds: list[str] = []
        for child in token.children or []:
            kind = "text" if child.type in ("text", "text_special") else child.type
            if kind == "html_inline":
                kind += ":" + child.content
            if not (kinds and kind == "text" == kinds[-1]):
                kinds.append(kind)
        out.append(("inline", *kinds))
    return out


def headings(markdown: str) -> list[str]:
    return [line for line in markdown.splitlines() if line.startswith("#")]


def test_markdown_sections_in_order():
    markdown = to_markdown(make_doc("Acme"))
    assert [h for h in headings(markdown) if h.startswith("## ")] == [
        f"## {number}. {title}" for number, title in enumerate(SECTIONS, 1)
    ]
    assert markdown.startswith("# Transition plan: Acme\n")


def test_hostile_text_keeps_the_markdown_structure():
    hostile = to_markdown(make_doc(HOSTILE))
    assert shape(hostile) == shape(to_markdown(make_doc(benign(HOSTILE))))
    tokens = MARKDOWN.parse(hostile)
    kinds = {t.type for t in tokens} | {c.type for t in tokens for c in t.children or []}
    for forbidden in ("link_open", "image", "code_inline", "fence", "code_block", "html_block"):
        assert forbidden not in kinds
    inline_html = {c.content for t in tokens for c in t.children or [] if c.type == "html_inline"}
    assert inline_html == {"<br>"}  # ours, for line breaks in table cells
    # The only headings are the document's own; "## 3. Transition process" stays text.
    assert len([t for t in tokens if t.type == "heading_open" and t.tag == "h2"]) == 9
    assert all(
        h.startswith(("# Transition plan: ", "## ", "### ")) and "\\#" not in h[:4]
        for h in headings(hostile)
    )


def test_hostile_text_reads_as_itself():
    rendered = MARKDOWN.render(to_markdown(make_doc(HOSTILE)))
    for line in (
        "| a | b |",
        "&lt;script&gt;alert(1)&lt;/script&gt;",
        "[x](javascript:alert(1)) and ![img](y.png)",
        "```code``` and `tick`",
        "*bold* __strong__ ~~strike~~ &amp;lt;b&amp;gt; trailing ##",
        "## 3. Transition process",
    ):
        assert line in rendered
    assert "<script>" not in rendered and "<strong>strong" not in rendered


def test_pipes_in_a_cell_do_not_add_columns():
    doc = make_doc("a")
    doc = PlanDocument(**{**doc.__dict__, "log": (LogEntry(DAY, "x", "a | b", "c|d|e"),)})
    markdown = to_markdown(doc)
    row = next(line for line in markdown.splitlines() if line.startswith("| 2026"))
    assert len(re.findall(r"(?<!\\)\|", row)) == 6  # five columns, six borders
    rendered = MARKDOWN.render(markdown)
    assert "<td>a | b</td>\n<td>c|d|e</td>" in rendered


@pytest.mark.parametrize(
    ("text", "start", "expected"),
    [
        ("12. done", True, "12\\. done"),
        ("3) done", True, "3\\) done"),
        ("- item", True, "\\- item"),
        ("+1 415 555 0100", False, "+1 415 555 0100"),
        ("+1 415 555 0100", True, "\\+1 415 555 0100"),
        ("America/New_York", True, "America/New_York"),
        ("__init__", True, "\\_\\_init\\_\\_"),
        ("Room #12", True, "Room #12"),
        ("Done ##", True, "Done \\##"),
        ("Fish & chips &amp;", True, "Fish & chips \\&amp;"),
        ("  spaced\t out  ", True, "spaced  out"),
    ],
)
def test_md_line(text, start, expected):
    assert md_line(text, start=start) == expected


def test_multiline_text_stays_in_its_section():
    doc = make_doc("a")
    doc = PlanDocument(**{**doc.__dict__, "overview": "First line\n\n# Not a heading\nLast"})
    markdown = to_markdown(doc)
    overview = markdown.split("## 2. Overview\n\n")[1].split("\n\n## 3.")[0]
    assert overview == "> First line\n>\n> \\# Not a heading\\\n> Last"


def test_unsigned_signatories_get_lines_to_sign():
    unsigned = make_doc("Alex")
    markdown = to_markdown(unsigned)
    approval = markdown.split("## 8. Final approval")[1].split("## 9.")[0]
    assert SIGNATURE_LINE == "Signature: ________  Date: ________"
    assert approval.count(SIGNATURE_LINE) == 1
    assert "**Alex**, Alex, Alex\\\n" + SIGNATURE_LINE in approval
    assert 'Signature: <span class="blank"></span>' in to_html(unsigned)
    signed = to_markdown(make_doc("Alex", signed=True))
    assert SIGNATURE_LINE not in signed and "Signed on 2026-11-23." in signed


def test_empty_plan_says_what_is_missing():
    doc = PlanDocument("Acme", "", "", "maya", DAY)
    markdown = to_markdown(doc)
    for text in (
        "**Outgoing owner:** not named",
        "_No overview written yet._",
        "_No regular rhythm of contact agreed yet._",
        "_Nothing logged yet._",
        "_No feedback recorded yet._",
        "_No signatories named yet._",
    ):
        assert text in markdown
    assert shape(markdown)  # parses


def test_feedback_and_items():
    doc = make_doc("x")
    doc = PlanDocument(
        **{
            **doc.__dict__,
            "phases": (
                PhasePlan(
                    "Transition execution",
                    date(2026, 11, 17),
                    date(2026, 12, 16),
                    (
                        Item("Intro call", DAY, date(2026, 11, 19), "Tomás (outgoing owner)"),
                        Item("Overlap", date(2026, 11, 20), None, "Both owners", overdue=True),
                        Item("Handover", date(2026, 12, 8), None, "Both owners", "call first"),
                    ),
                ),
            ),
            "feedback": (FeedbackEntry(DAY, "Client", "Alex", 5, "Painless."),),
            "feedback_average": "5.0/5 from 1 (client 5)",
        }
    )
    markdown = to_markdown(doc)
    assert "2026-11-17 to 2026-12-16. 1 of 3 checklist items done." in markdown
    assert "| Done 2026-11-19 | Intro call | 2026-11-23 | Tomás (outgoing owner) |" in markdown
    assert "| Overdue | Overlap | 2026-11-20 | Both owners |" in markdown
    assert "| Open | Handover<br>Note: call first | 2026-12-08 | Both owners |" in markdown
    assert "Average: 5.0/5 from 1 (client 5)" in markdown
    assert "| 2026-11-23 | Client (Alex) | 5/5 | Painless. |" in markdown


class Tags(HTMLParser):
    """Checks that tags nest and close, and collects the tags and text."""

    VOID = frozenset({"meta", "br", "link", "img", "hr", "input"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.seen: set[str] = set()
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.seen.add(tag)
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes {self.stack[-1:]}"
        self.stack.pop()

    def handle_data(self, data):
        self.text.append(data)


def parse_html(document: str) -> Tags:
    parser = Tags()
    parser.feed(document)
    parser.close()
    assert parser.stack == []
    return parser


def test_html_escapes_everything_and_stays_self_contained():
    document = to_html(make_doc(HOSTILE))
    parser = parse_html(document)
    assert parser.seen <= {
        *("html", "head", "meta", "title", "style", "body", "h1", "h2", "h3", "section"),
        *("p", "strong", "span", "div", "dl", "dt", "dd", "ul", "li"),
        *("table", "thead", "tbody", "tr", "th", "td"),
    }
    text = "".join(parser.text)
    assert "<script>alert(1)</script>" in text and "[x](javascript:alert(1))" in text
    assert document.count("<h2>") == 9 and document.count("<section") == 9
    for forbidden in ("<script", "src=", "href=", "url(", "@import"):
        assert forbidden not in document.lower()
    assert "@media print" in document and "break-before: page" in document


def test_html_sections_in_order():
    document = to_html(make_doc("Acme"))
    found = re.findall(r"<h2>(.*?)</h2>", document)
    assert found == [f"{number}. {title}" for number, title in enumerate(SECTIONS, 1)]
    assert "<title>Transition plan: Acme</title>" in document


def test_the_renderer_needs_no_database_nor_textual():
    code = (
        "import sys, handover_tui.domain.plan_markdown, handover_tui.domain.plan_html\n"
        "heavy = ('sqlalchemy', 'sqlmodel', 'textual', 'handover_tui.models')\n"
        "print(sorted(m for m in sys.modules if m.startswith(heavy)))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "[]", result.stderr


# -- knowledge-transfer notes -------------------------------------------------------------


def notes_doc(body: str, title: str = "Title") -> PlanDocument:
    return PlanDocument(
        client="Acme",
        outgoing="Maya",
        incoming="Sam",
        prepared_by="Maya",
        prepared_on=DAY,
        phases=(
            PhasePlan("Pre-transition preparation", DAY, DAY),
            PhasePlan("Transition execution", DAY, DAY),
        ),
        knowledge=(
            KnowledgeNote("History", title, body, author="Maya", written_on=DAY, pinned=True),
            KnowledgeNote("Preferences", "Calls", "Tuesdays only"),
        ),
        lessons=(KnowledgeNote("Lesson learned", "Start early", "Two weeks were short."),),
    )


def test_note_blocks_demote_headings_under_the_note():
    body = "Intro\n# Top\ntext\n\n## Second ##\n### Third\n####### not one\n#\n"
    assert note_blocks(body) == [
        (0, "Intro"),
        (5, "Top"),
        (0, "text"),
        (6, "Second"),
        (6, "Third"),
        (0, "####### not one"),
    ]


def test_notes_sit_after_preparation_and_lessons_under_feedback():
    markdown = to_markdown(notes_doc("Won in 2019.\n# Contracts\nTwo of them."))
    assert headings(markdown)[4:10] == [
        "### Pre-transition preparation",
        f"### {KNOWLEDGE_HEADING}",
        "#### History: Title",
        "##### Contracts",
        "#### Preferences: Calls",
        "### Transition execution",
    ]
    assert "Pinned. Written by Maya on 2026-11-23.\n\nWon in 2019." in markdown
    feedback = markdown.split("## 7. Review and feedback")[1].split("## 8.")[0]
    assert "### Lessons learned\n\n#### Lesson learned: Start early\n\nTwo weeks were short." in (
        feedback
    )
    empty = to_markdown(PlanDocument("Acme", "", "", "Maya", DAY, phases=notes_doc("").phases))
    assert "_No knowledge-transfer notes written yet._" in empty
    assert "_No lessons learned written yet._" in empty


def test_a_hostile_note_keeps_the_document_structure():
    markdown = to_markdown(notes_doc(HOSTILE, title=HOSTILE))
    tokens = MARKDOWN.parse(markdown)
    kinds = {t.type for t in tokens} | {c.type for t in tokens for c in t.children or []}
    for forbidden in ("link_open", "image", "code_inline", "fence", "code_block", "html_block"):
        assert forbidden not in kinds
    levels = [t.tag for t in tokens if t.type == "heading_open"]
    assert levels.count("h1") == 1 and levels.count("h2") == 9
    # The note's "# Heading" and "## 3. Transition process" are demoted under its title.
    assert "##### Heading" in markdown and "###### 3. Transition process" in markdown
    rendered = MARKDOWN.render(markdown)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in rendered
    assert "[x](javascript:alert(1)) and ![img](y.png)" in rendered


def test_a_hostile_note_in_html_is_escaped_and_demoted():
    document = to_html(notes_doc(HOSTILE, title=HOSTILE))
    parser = parse_html(document)
    assert parser.seen <= {
        *("html", "head", "meta", "title", "style", "body", "h1", "h2", "h3", "h4", "h5"),
        *("h6", "section", "p", "strong", "span", "div", "dl", "dt", "ul", "li"),
        *("table", "thead", "tbody", "tr", "th", "td", "dd"),
    }
    assert "<h5>Heading</h5>" in document and "<h6>3. Transition process</h6>" in document
    assert document.count("<h2>") == 9 and "<script" not in document
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in document
    assert f"<h3>{KNOWLEDGE_HEADING}</h3>" in document
    assert "<h4>Lesson learned: Start early</h4>" in document
