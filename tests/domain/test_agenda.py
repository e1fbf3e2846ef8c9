"""The agenda's rules: what is in the window, whose it is, and how it is grouped."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from handover_tui.domain.agenda import (
    CADENCE,
    ITEM,
    LOOSE_END,
    MEETING,
    RENEWAL,
    SIGNAL,
    Entry,
    entry_line,
    for_people,
    has_overdue,
    in_window,
    match_person,
    sections,
)

TODAY = date(2026, 11, 23)  # a Monday
DAY = timedelta(days=1)


def entry(kind=ITEM, client="Acme", day=None, overdue=False, client_id=1, text="x", ref=None):
    return Entry(kind, client_id, client, text, day=day, overdue=overdue, ref=ref)


def test_the_window_keeps_overdue_undated_and_the_next_days():
    late = entry(day=TODAY - 5 * DAY, overdue=True)
    inside = entry(day=TODAY + 6 * DAY)
    outside = entry(day=TODAY + 7 * DAY)
    signal = entry(SIGNAL)
    assert in_window([outside, inside, signal, late], TODAY, 7) == [late, inside, signal]
    assert in_window([inside], TODAY, 1) == []  # one day: today only


def test_renewals_within_thirty_days_are_kept_whatever_the_window():
    soon = entry(RENEWAL, day=TODAY + 29 * DAY)
    later = entry(RENEWAL, day=TODAY + 31 * DAY)
    assert in_window([soon, later], TODAY, 1) == [soon]


def test_sections_put_overdue_first_then_days_then_loose_ends():
    rows = in_window(
        [
            entry(LOOSE_END, text="invoice"),
            entry(day=TODAY + DAY, text="tomorrow"),
            entry(day=TODAY - 3 * DAY, overdue=True, text="late"),
            entry(CADENCE, day=TODAY - 2 * DAY, text="open period"),
            entry(SIGNAL, text="signal"),
            entry(MEETING, day=TODAY + 4 * DAY, text="meeting"),
        ],
        TODAY,
        7,
    )
    grouped = [(heading, [e.text for e in found]) for heading, found in sections(rows, TODAY)]
    assert grouped == [
        ("Overdue", ["late"]),
        ("Mon 2026-11-23 (today)", ["open period", "signal"]),
        ("Tue 2026-11-24 (tomorrow)", ["tomorrow"]),
        ("Fri 2026-11-27", ["meeting"]),
        ("Loose ends", ["invoice"]),
    ]


def test_one_line_each_with_the_item_id_and_an_overdue_date():
    late = entry(day=TODAY - DAY, overdue=True, text="Send the letter", ref=42, client="Juniper")
    assert entry_line(late) == "Juniper — Send the letter (#42, due 2026-11-22)"
    assert entry_line(entry(SIGNAL, text="Satisfaction fell.")) == "Acme — Satisfaction fell."


def test_for_people_keeps_the_clients_they_own_or_hand_over():
    mine, theirs = entry(client_id=1), entry(client_id=2)
    involved = {1: {10}, 2: {20, 30}}
    assert for_people([mine, theirs], involved, {10}) == [mine]
    assert for_people([mine, theirs], involved, {30}) == [theirs]


def test_overdue_is_what_makes_the_exit_code():
    assert has_overdue([entry(day=TODAY - DAY, overdue=True)])
    assert not has_overdue([entry(CADENCE, day=TODAY - DAY), entry(SIGNAL)])


PEOPLE = [
    (1, "Helen Park", "helen@example.com"),
    (2, "Helena Ruiz", "hruiz@example.com"),
    (3, "Sam Whitfield", "sam@example.com"),
]


@pytest.mark.parametrize(
    ("text", "person"),
    [("HELEN@example.com", 1), ("helen park", 1), ("Helena", 2), ("sam", 3), ("3", None)],
)
def test_a_person_is_named_by_email_name_or_the_start_of_a_name(text, person):
    if person is None:
        with pytest.raises(LookupError, match="Nobody"):
            match_person(PEOPLE, text)
    else:
        assert match_person(PEOPLE, text) == person


def test_an_ambiguous_person_lists_the_candidates():
    with pytest.raises(LookupError, match="Helen Park, Helena Ruiz"):
        match_person(PEOPLE, "hel")
