"""The roster's in-memory filter and sort: the rules of the SQL they replace."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from handover_tui.domain.roster_view import (
    SORT_KEYS,
    filter_rows,
    narrows,
    roster_row,
    search_rows,
    sort_rows,
)


def row(id: int, name: str, **fields):
    values = {
        "owner": "",
        "status": "active",
        "lifecycle_stage": "onboarding",
        "renewal_date": None,
        "annual_value": None,
        "currency": "USD",
        "industry": "",
        "segment": "",
        "tags": "",
        "version": 1,
    } | fields
    return roster_row(id, name, **values)


ACME = row(1, "Acme Logistics", owner="Maya Okafor", industry="Freight", tags="key,emea")
BLUE = row(2, "Bluefin Capital", owner="Helen Park", segment="Enterprise", status="in_transition")
OLD = row(3, "Old Mill", owner="Maya Okafor", status="archived")
ZOE = row(4, "Zoë Café", industry="Hospitality")
ROWS = [ACME, BLUE, OLD, ZOE]


def names(rows) -> list[str]:
    return [r.name for r in rows]


def test_every_word_must_be_found_in_some_field_in_any_case():
    assert names(filter_rows(ROWS, "maya")) == ["Acme Logistics"]  # owner; archived hidden
    assert names(filter_rows(ROWS, "FREIGHT emea")) == ["Acme Logistics"]  # industry, tags
    assert names(filter_rows(ROWS, "enterprise")) == ["Bluefin Capital"]  # segment
    assert names(filter_rows(ROWS, "transition")) == ["Bluefin Capital"]  # status
    assert filter_rows(ROWS, "acme helen") == []  # both words, not either
    assert names(filter_rows(ROWS, "  ")) == ["Acme Logistics", "Bluefin Capital", "Zoë Café"]


def test_a_word_does_not_match_across_two_fields():
    # "logistics" ends the name and "maya" starts the owner: "sm" spans the join.
    assert filter_rows([ACME], "sm") == []
    assert filter_rows([ACME], "logisticsmaya") == []


def test_case_is_ignored_beyond_ascii_too():
    assert names(filter_rows(ROWS, "ZOË CAFÉ")) == ["Zoë Café"]


def test_archived_only_when_asked_and_attention_by_ids():
    assert names(filter_rows(ROWS, "mill")) == []
    assert names(filter_rows(ROWS, "mill", include_archived=True)) == ["Old Mill"]
    assert names(filter_rows(ROWS, among={2, 3})) == ["Bluefin Capital"]
    assert names(filter_rows(ROWS, among=set())) == []


def test_blanks_sort_last_either_way_and_ties_go_by_name_then_id():
    rows = [
        row(5, "beta", annual_value=Decimal("10")),
        row(2, "Alpha", annual_value=None),
        row(3, "alpha", annual_value=Decimal("10")),
        row(1, "Gamma", annual_value=Decimal("99")),
        row(4, "alpha", annual_value=Decimal("10")),
    ]
    up = sort_rows(rows, "value")
    assert [r.id for r in up] == [3, 4, 5, 1, 2]
    down = sort_rows(rows, "value", descending=True)
    assert [r.id for r in down] == [1, 3, 4, 5, 2]  # ties stay by name, then id, ascending
    assert [r.id for r in sort_rows(rows, "name", descending=True)] == [1, 5, 2, 3, 4]


def test_a_client_without_owner_sorts_last():
    rows = [row(1, "A", owner=""), row(2, "B", owner="zed"), row(3, "C", owner="Amy")]
    assert [r.id for r in sort_rows(rows, "owner")] == [3, 2, 1]
    assert [r.id for r in sort_rows(rows, "owner", descending=True)] == [2, 3, 1]


def test_unknown_sort_is_refused():
    with pytest.raises(ValueError, match="Cannot sort by 'colour'"):
        sort_rows(ROWS, "colour")


# -- properties ---------------------------------------------------------------------------

text = st.text(alphabet="abcAB é\n_%", max_size=6)
rows_strategy = st.lists(
    st.builds(
        lambda id, name, owner, status, stage, renewal, value, tags: row(
            id,
            name,
            owner=owner,
            status=status,
            lifecycle_stage=stage,
            renewal_date=renewal,
            annual_value=value,
            tags=tags,
        ),
        id=st.integers(1, 10_000),
        name=text,
        owner=text,
        status=st.sampled_from(["active", "archived", "in_transition"]),
        stage=st.sampled_from(["", "growth", "mature"]),
        renewal=st.none() | st.dates(date(2026, 1, 1), date(2026, 1, 9)),
        value=st.none() | st.integers(0, 3).map(Decimal),
        tags=text,
    ),
    max_size=30,
    unique_by=lambda r: r.id,
)


@given(rows_strategy, text, st.booleans())
def test_filter_keeps_exactly_the_rows_every_word_is_found_in(rows, typed, archived):
    words = typed.lower().split()
    fields = ("name", "owner", "industry", "segment", "tags", "status")

    def wanted(r) -> bool:
        found = all(any(w in getattr(r, f).lower() for f in fields) for w in words)
        return found and (archived or r.status != "archived")

    assert filter_rows(rows, typed, include_archived=archived) == [r for r in rows if wanted(r)]


@given(rows_strategy, st.sampled_from(SORT_KEYS), st.booleans())
def test_sort_is_a_permutation_in_column_order_with_blanks_last(rows, key, descending):
    ordered = sort_rows(rows, key, descending)
    assert sorted(ordered, key=lambda r: r.id) == sorted(rows, key=lambda r: r.id)
    value = {
        "name": lambda r: r.name.lower(),
        "owner": lambda r: r.owner.lower() or None,
        "status": lambda r: r.status,
        "stage": lambda r: r.lifecycle_stage,
        "renewal": lambda r: r.renewal_date,
        "value": lambda r: r.annual_value,
    }[key]
    blanks = [value(r) is None for r in ordered]
    assert blanks == sorted(blanks)  # all the blanks at the end
    for a, b in pairwise(ordered):
        if value(a) is None or value(b) is None:
            continue
        if value(a) != value(b):
            assert (value(a) > value(b)) if descending else (value(a) < value(b))
        else:
            assert (a.name.lower(), a.id) < (b.name.lower(), b.id)


@settings(max_examples=200)
@given(rows_strategy, text, text)
def test_a_narrowing_filter_can_start_from_the_last_result(rows, before, after):
    if narrows(before, after):
        assert filter_rows(filter_rows(rows, before), after) == filter_rows(rows, after)
    # What the roster does on a keystroke: search the texts kept beside the rows.
    found, texts = search_rows(rows, [r.search for r in rows], after)
    assert found == filter_rows(rows, after, include_archived=True)
    assert texts == [r.search for r in found]


def test_narrows_when_words_are_only_added_or_lengthened():
    assert narrows("", "acme")
    assert narrows("ac", "acme")
    assert narrows("acme", "acme lo")
    assert narrows("me", "acme")  # within a word, not only at its start
    assert not narrows("acme", "acm")
    assert not narrows("acme lo", "acme")


# -- against the SQL it stands in for -----------------------------------------------------


@pytest.mark.parametrize("typed", ["", "a", "MAYA", "growth", "transition", "tech risk", "zz"])
def test_the_same_rows_in_the_same_order_as_list_clients(demo_db, typed):
    from handover_tui.services import clients

    every = clients.roster_rows(demo_db)
    for key in SORT_KEYS:
        for descending in (False, True):
            for archived in (False, True):
                expected = clients.list_clients(
                    demo_db, typed, include_archived=archived, sort=key, descending=descending
                )
                got = filter_rows(
                    sort_rows(every, key, descending), typed, include_archived=archived
                )
                assert [r.id for r in got] == [r.id for r in expected], (key, descending)
