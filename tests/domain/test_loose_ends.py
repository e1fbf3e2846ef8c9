"""The rules of a loose end, without a database: cleaning what a form gives, the lines of
old summary text, and how holder and state read."""

from datetime import date

import pytest

from handover_tui.domain.loose_ends import (
    holder_text,
    is_overdue,
    state_text,
    summary_lines,
    tally,
)
from handover_tui.domain.plan import reach_text, readiness
from handover_tui.domain.validation import InvalidInput, clean_loose_end, clean_summary


def test_a_title_is_cleaned_like_every_one_line_field():
    values = clean_loose_end({"title": "  Call the CFO ", "holder": "Incoming owner"})
    assert values["title"] == "Call the CFO" and values["holder"] == "incoming"
    with pytest.raises(InvalidInput) as caught:
        clean_loose_end({"title": "Line\none", "holder": "outgoing"})
    assert "title" in caught.value.errors
    with pytest.raises(InvalidInput) as caught:
        clean_loose_end({"title": "x" * 301, "holder": "someone", "due_on": "31/31/2026"})
    assert set(caught.value.errors) == {"title", "holder", "due_on"}


def test_a_named_contact_makes_the_client_the_holder():
    assert clean_loose_end({"title": "x", "holder": "outgoing", "contact_id": "7"}) == {
        "title": "x",
        "holder": "client",
        "contact_id": 7,
        "due_on": None,
        "notes": "",
    }
    assert clean_loose_end({"holder": "incoming"}, partial=True) == {
        "holder": "incoming",
        "contact_id": None,
    }


def test_old_summary_text_becomes_one_loose_end_a_line():
    text = "- Credit note\n\n  * Spa licences  \n3. Badge\n" + "y" * 320
    lines = summary_lines(text)
    assert [title for title, _ in lines[:3]] == ["Credit note", "Spa licences", "Badge"]
    title, notes = lines[3]
    assert len(title) == 300 and title.endswith("…") and notes == "y" * 320


def test_holder_state_and_tally_read_as_words():
    assert holder_text("outgoing", person="Maya") == "Maya (outgoing owner)"
    assert holder_text("client", contact="Jane") == "Jane (client)"
    assert holder_text("incoming") == "Incoming owner"
    assert (
        state_text("dropped", date(2026, 11, 2), "Not needed") == "Dropped 2026-11-02: Not needed"
    )
    assert state_text("done", date(2026, 11, 2)) == "Done 2026-11-02"
    assert is_overdue("open", date(2026, 11, 1), date(2026, 11, 2))
    assert not is_overdue("done", date(2026, 11, 1), date(2026, 11, 2))
    assert tally(["open", "done", "dropped"]).open == 1
    assert readiness([], 0, 2) == ["2 loose ends are still open."]


def test_how_to_reach_the_outgoing_owner_says_until_when_and_how():
    values = clean_summary(
        {"summary_reachable_until": "2027-03-31", "summary_reach_channel": "Email"}
    )
    assert values == {
        "summary_reachable_until": date(2027, 3, 31),
        "summary_reach_channel": "email",
    }
    assert reach_text(date(2027, 3, 31), "email") == "Until 2027-03-31, by e-mail."
    assert reach_text(None, "phone") == "By phone."
    assert reach_text(None, "") == ""
    with pytest.raises(InvalidInput):
        clean_summary({"summary_reach_channel": "pigeon"})
