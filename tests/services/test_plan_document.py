from __future__ import annotations

import os
import re
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest

from handover_tui.domain.plan_document import SECTIONS
from handover_tui.services import NotFound, Refused, clients, log, notes, people, transitions
from handover_tui.services.plan_document import plan_document
from tests.conftest import DEMO_TODAY

GOLDEN = Path(__file__).parent.parent / "golden" / "juniper_plan.md"


def juniper(db) -> int:
    return clients.find_clients(db, "Juniper Hotels")[0].id


def test_juniper_plan_matches_the_golden_file(demo_db):
    """Review a change of the document by eye, then rewrite with UPDATE_GOLDEN=1."""
    markdown = plan_document(demo_db, juniper(demo_db), prepared_by="maya", today=DEMO_TODAY)
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.write_text(markdown, encoding="utf-8")
    assert markdown == GOLDEN.read_text(encoding="utf-8")


class Balanced(HTMLParser):
    VOID = frozenset({"meta", "br"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.count: dict[str, int] = {}

    def handle_starttag(self, tag, attrs):
        self.count[tag] = self.count.get(tag, 0) + 1
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes {self.stack[-1:]}"
        self.stack.pop()


def test_juniper_plan_as_html(demo_db):
    document = plan_document(
        demo_db, juniper(demo_db), prepared_by="maya", today=DEMO_TODAY, fmt="html"
    )
    parser = Balanced()
    parser.feed(document)
    parser.close()
    assert parser.stack == []
    assert {tag: parser.count[tag] for tag in ("html", "head", "body", "style", "h1")} == {
        "html": 1,
        "head": 1,
        "body": 1,
        "style": 1,
        "h1": 1,
    }
    assert parser.count["section"] == parser.count["h2"] == len(SECTIONS)
    assert re.findall(r"<h2>(.*?)</h2>", document) == [
        f"{number}. {title}" for number, title in enumerate(SECTIONS, 1)
    ]
    for fact in (
        "Tomás Alvarez",
        "Helen Park",
        "Alex Schmidt",
        "alex.schmidt@juniper.example",
        "Invoice dispute; data-platform phase 2.",
        "Phase 2 of the data platform is live in 9 of 14 hotels.",
        "Status meeting: every 7 days",
    ):
        assert fact in document
    assert "<script" not in document and "://" not in document


def test_a_client_without_a_plan_is_refused(db):
    client = clients.create_client(db, {"name": "Acme"})
    with pytest.raises(Refused) as refused:
        plan_document(db, client.id, prepared_by="maya", today=DEMO_TODAY)
    assert str(refused.value) == (
        "Acme has no transition plan yet: plan one with T on the client screen."
    )
    with pytest.raises(NotFound):
        plan_document(db, client.id + 1, prepared_by="maya", today=DEMO_TODAY)
    with pytest.raises(ValueError, match="markdown, html"):
        plan_document(db, client.id, prepared_by="maya", today=DEMO_TODAY, fmt="pdf")


def test_the_log_holds_this_transition_only(db):
    maya = people.create_person(db, {"name": "Maya", "email": "maya@example.com"})
    sam = people.create_person(db, {"name": "Sam", "role": "Consultant"})
    client = clients.create_client(db, {"name": "Acme", "owner_id": maya.id})
    log.add_interaction(
        db, client.id, {"kind": "check_in", "occurred_on": "2026-10-01", "summary": "Before"}
    )
    transitions.start_transition(
        db,
        client.id,
        {"incoming_id": sam.id, "reason": "workload", "start": "2026-11-02"},
        today=date(2026, 11, 2),
    )
    log.add_interaction(
        db, client.id, {"kind": "check_in", "occurred_on": "2026-11-05", "summary": "During"}
    )
    markdown = plan_document(db, client.id, prepared_by="sam", today=date(2026, 11, 6))
    assert "During" in markdown and "Before" not in markdown
    assert "| Outgoing owner | Maya |  | maya@example.com |  |" in markdown
    assert "| Incoming owner | Sam | Consultant |  |  |" in markdown
    assert "**Transition status:** Active, in pre-transition preparation" in markdown


def test_a_completed_plan_shows_feedback_and_signatures(demo_db):
    nimbus = clients.find_clients(demo_db, "Nimbus Cloud Services")[0].id
    markdown = plan_document(demo_db, nimbus, prepared_by="maya", today=DEMO_TODAY)
    assert "**Transition status:** Completed on 2026-10-22" in markdown
    assert "Average: 4.3/5 from 3 (client 5, incoming owner 4, outgoing owner 4)" in markdown
    assert "| 2026-10-24 | Client | 5/5 | The overlap month made the change painless. |" in markdown
    assert markdown.count("Signed on 2026-11-23.") == 3 and "Signature:" not in markdown
    assert "> Maya stays reachable at maya@northstar-consulting.example" in markdown


def plan_with_notes(db) -> int:
    maya = people.create_person(db, {"name": "Maya"})
    sam = people.create_person(db, {"name": "Sam"})
    client = clients.create_client(db, {"name": "Acme", "owner_id": maya.id})
    transitions.start_transition(
        db,
        client.id,
        {
            "incoming_id": sam.id,
            "reason": "workload",
            "reason_detail": "Maya carries twelve accounts",
            "consent_required": True,
            "start": "2026-11-02",
        },
        today=date(2026, 11, 2),
    )
    for category, title, body, pinned in (
        ("general", "Parking", "Visitors park at the back.", False),
        ("history", "Origins", "Won in 2019.\n# Contracts\nTwo <b>of</b> them.", False),
        ("challenge", "Invoices", "Q2 dispute.", True),
        ("lesson_learned", "Start early", "Two weeks were short.", False),
    ):
        notes.create_note(
            db,
            client.id,
            {"category": category, "title": title, "body": body, "pinned": pinned},
            author="Maya Lindqvist",
        )
    return client.id


def test_every_note_reaches_the_document_pinned_first_then_by_category(db):
    client_id = plan_with_notes(db)
    markdown = plan_document(db, client_id, prepared_by="Maya", today=date(2026, 11, 6))
    notes_part = markdown.split("### Knowledge transfer")[1].split("### Transition execution")[0]
    assert [line for line in notes_part.splitlines() if line.startswith("####")] == [
        "#### Challenge: Invoices",
        "#### History: Origins",
        "##### Contracts",
        "#### General: Parking",
    ]
    assert "Pinned. Written by Maya Lindqvist on " in notes_part
    assert "Two \\<b>of\\</b> them." in notes_part
    feedback = markdown.split("## 7. Review and feedback")[1].split("## 8.")[0]
    assert "#### Lesson learned: Start early" in feedback and "Start early" not in notes_part
    html = plan_document(db, client_id, prepared_by="Maya", today=date(2026, 11, 6), fmt="html")
    assert "<h4>History: Origins</h4>" in html and "<h5>Contracts</h5>" in html
    assert "Two &lt;b&gt;of&lt;/b&gt; them." in html


def test_the_reason_consent_and_completion_reason_are_in_the_document(db):
    client_id = plan_with_notes(db)
    markdown = plan_document(db, client_id, prepared_by="Maya", today=date(2026, 11, 6))
    assert "**Reason for the handoff:** Workload: Maya carries twelve accounts" in markdown
    assert "**Client consent:** required, not yet given" in markdown
    plan = transitions.plan_for_client(db, client_id)
    transitions.update_transition(
        db, plan.id, {"consent_obtained_on": "2026-11-04"}, expected_version=None
    )
    transitions.complete(db, plan.id, date(2026, 11, 20), override="The client asked to go now")
    markdown = plan_document(db, client_id, prepared_by="Maya", today=date(2026, 11, 20))
    assert "**Client consent:** required, given on 2026-11-04" in markdown
    assert "**Completed with open points because:** The client asked to go now" in markdown
    html = plan_document(db, client_id, prepared_by="Maya", today=date(2026, 11, 20), fmt="html")
    assert "<dt>Reason for the handoff</dt><dd>Workload: Maya carries twelve accounts</dd>" in html


def test_roles_start_with_default_texts_and_follow_the_items_after_completion(db):
    maya = people.create_person(db, {"name": "Maya"})
    sam = people.create_person(db, {"name": "Sam"})
    priya = people.create_person(db, {"name": "Priya"})
    client = clients.create_client(db, {"name": "Acme", "owner_id": maya.id})
    transitions.start_transition(
        db,
        client.id,
        {"incoming_id": sam.id, "reason": "workload", "start": "2026-11-02"},
        today=date(2026, 11, 2),
    )
    plan = transitions.plan_for_client(db, client.id)
    assert plan.transition.roles_outgoing.startswith("Transfer what they know")
    assert plan.transition.roles_client.startswith("Cooperate with the handoff")
    markdown = plan_document(db, client.id, prepared_by="Maya", today=date(2026, 11, 2))
    assert "No description written yet" not in markdown
    review = next(item for item in plan.items if item.title.startswith("Review client history"))
    transitions.update_item(
        db, review.id, {"responsible_id": priya.id}, expected_version=review.version
    )
    markdown = plan_document(db, client.id, prepared_by="Maya", today=date(2026, 11, 2))
    assert "### Incoming owner: Sam, Priya" in markdown
    assert "- Review client history, contracts and project documentation (Priya)" in markdown
    transitions.complete(db, plan.id, date(2026, 11, 3), override="Maya leaves on Friday")
    markdown = plan_document(db, client.id, prepared_by="Maya", today=date(2026, 11, 3))
    outgoing = markdown.split("### Outgoing owner: Maya")[1].split("### Incoming owner")[0]
    incoming = markdown.split("### Incoming owner: ")[1].split("### Client")[0]
    # The open items written for the outgoing side were passed on: Sam holds them now.
    assert "- Introduce the incoming owner to the client" in incoming
    assert "Introduce the incoming owner" not in outgoing
    assert "| Open | Introduce the incoming owner to the client | 2026-11-18 | Sam |" in markdown


def test_the_default_plan_sets_a_dated_rhythm_of_contact(db):
    """Weekly status meetings through execution, client updates every two weeks through
    execution and support, each dated and held or missed from the log (#18, item 3)."""
    maya = people.create_person(db, {"name": "Maya"})
    sam = people.create_person(db, {"name": "Sam"})
    client = clients.create_client(db, {"name": "Acme", "owner_id": maya.id})
    transitions.start_transition(
        db,
        client.id,
        {"incoming_id": sam.id, "reason": "workload", "start": "2026-11-02"},
        today=date(2026, 11, 2),
    )
    plan = transitions.plan_for_client(db, client.id)
    assert (plan.transition.every_status_meeting, plan.transition.every_client_update) == (7, 14)
    titles = [item.title for item in plan.items]
    assert not [t for t in titles if t.startswith(("Weekly status", "Regular updates"))]
    execution = next(w for w in plan.windows if w.phase == "execution")  # 11-16 to 12-15
    # A status meeting held the day before execution starts counts for its first week.
    for kind, day in (("status_meeting", "2026-11-15"), ("status_meeting", "2026-11-25")):
        log.add_interaction(db, client.id, {"kind": kind, "occurred_on": day})
    today = date(2026, 12, 2)
    markdown = plan_document(db, client.id, prepared_by="Maya", today=today)
    assert "No regular rhythm" not in markdown
    dated = markdown.split("### Meetings and updates by date")[1].split("### Log")[0]
    assert f"| {execution.start.isoformat()} | Status meeting | Held 2026-11-15 |" in dated
    assert "| 2026-11-23 | Status meeting | Held 2026-11-25 |" in dated
    assert "| 2026-11-30 | Status meeting | Due now |" in dated
    assert f"| {execution.start.isoformat()} | Client update | Missed |" in dated
    assert "| 2026-12-14 | Status meeting | Planned |" in dated
    assert "2026-12-21 | Status meeting" not in dated  # execution is over by then
    assert "| 2026-12-28 | Client update | Planned |" in dated  # support too


def test_a_plan_made_by_reassign_has_the_rhythm_too(db):
    from handover_tui.services import portfolio

    maya = people.create_person(db, {"name": "Maya"})
    sam = people.create_person(db, {"name": "Sam"})
    client = clients.create_client(db, {"name": "Acme", "owner_id": maya.id})
    today = date(2026, 11, 2)
    proposal = portfolio.propose_reassign(db, maya.id, sam.id, today=today, reason="workload")
    portfolio.apply(db, proposal, today=today)
    markdown = plan_document(db, client.id, prepared_by="Maya", today=today)
    assert "No regular rhythm of contact agreed yet" not in markdown
    assert "- Status meeting: every 7 days" in markdown


def test_the_summary_says_what_we_did_for_the_client(db):
    maya = people.create_person(db, {"name": "Maya"})
    sam = people.create_person(db, {"name": "Sam"})
    client = clients.create_client(db, {"name": "Acme", "owner_id": maya.id})
    transition_id = transitions.start_transition(
        db,
        client.id,
        {"incoming_id": sam.id, "reason": "workload", "start": "2026-11-02"},
        today=date(2026, 11, 2),
    )
    transitions.update_summary(
        db,
        transition_id,
        {"summary_work_done": "Rolled out the ERP in # 3 plants"},
        expected_version=None,
    )
    markdown = plan_document(db, client.id, prepared_by="Maya", today=date(2026, 11, 2))
    summary = markdown.split("## 9. Handoff summary")[1]
    assert "### What we did for the client\n\n> Rolled out the ERP in # 3 plants" in summary
    assert summary.index("Where they are now") < summary.index("What we did for the client")


def test_loose_ends_appear_with_holder_due_date_and_state(db):
    from handover_tui.services import contacts, loose_ends

    maya = people.create_person(db, {"name": "Maya"})
    sam = people.create_person(db, {"name": "Sam"})
    client = clients.create_client(db, {"name": "Acme", "owner_id": maya.id})
    jane = contacts.add_contact(db, client.id, {"name": "Jane <b>Roe</b>"})
    today = date(2026, 11, 2)
    transition_id = transitions.start_transition(
        db, client.id, {"incoming_id": sam.id, "reason": "workload", "start": "2026-11-02"},
        today=today,
    )  # fmt: skip
    loose_ends.add_loose_end(
        db, transition_id, {"title": "Send the | credit <script>", "due_on": "2026-11-01"}
    )
    dropped = loose_ends.add_loose_end(
        db, transition_id, {"title": "Badge", "contact_id": jane.id, "due_on": "2026-12-01"}
    )
    loose_ends.drop(db, dropped.id, "Nobody needs it", today)
    transitions.update_summary(
        db,
        transition_id,
        {"summary_reachable_until": "2027-03-31", "summary_reach_channel": "phone"},
        expected_version=None,
    )
    markdown = plan_document(db, client.id, prepared_by="Maya", today=today)
    summary = markdown.split("## 9. Handoff summary")[1]
    ends = summary.split("### Loose ends")[1].split("###")[0]
    assert (
        "| Overdue | Send the \\| credit \\<script> | Maya (outgoing owner) | 2026-11-01 |" in ends
    )
    assert "| Dropped 2026-11-02: Nobody needs it | Badge | Jane \\<b>Roe\\</b> (client) |" in ends
    assert "- **Loose ends:** 1 of 2 settled (done or dropped)" in markdown
    assert "> Until 2027-03-31, by phone." in summary.split("after the handoff")[1]
    html = plan_document(db, client.id, prepared_by="Maya", today=today, fmt="html")
    assert "<script>" not in html and "Send the | credit &lt;script&gt;" in html
    assert "Jane &lt;b&gt;Roe&lt;/b&gt; (client)" in html
