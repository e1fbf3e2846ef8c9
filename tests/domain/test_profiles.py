"""Owner profiles: lists as typed, shared working hours, and proposals that prefer fit."""

from __future__ import annotations

from datetime import date

import pytest

from handover_tui.domain import portfolio, profiles
from handover_tui.domain.portfolio import Account, Receiver

WINTER = date(2027, 1, 15)


def test_word_list_keeps_what_was_typed_without_duplicates():
    assert profiles.word_list(" German,  english , GERMAN,, Swiss  German") == (
        "German, english, Swiss German"
    )
    assert profiles.word_list(None) == ""
    assert profiles.folded("German, English") == frozenset({"german", "english"})
    with pytest.raises(ValueError, match="under 200"):
        profiles.word_list(", ".join(f"language {n}" for n in range(40)))


@pytest.mark.parametrize(
    ("first", "second", "hours"),
    [
        ("Europe/Berlin", "Europe/Berlin", 8),
        ("Europe/Berlin", "Europe/London", 7),
        ("Europe/Berlin", "America/New_York", 2),
        ("Asia/Tokyo", "America/Los_Angeles", 1),
        ("Australia/Sydney", "Europe/London", 0),
    ],
)
def test_shared_hours_of_two_working_days(first, second, hours):
    assert profiles.shared_hours(first, second, WINTER) == pytest.approx(hours)


def test_unknown_zones_share_nothing_known():
    assert profiles.shared_hours("", "Europe/Berlin", WINTER) is None
    assert profiles.shared_hours("Mars/Olympus", "Europe/Berlin", WINTER) is None


def test_fit_names_each_reason():
    fit = profiles.fit(
        "Banking",
        "French, German",
        "Europe/Paris",
        frozenset({"banking"}),
        frozenset({"german", "english"}),
        "Europe/Berlin",
        WINTER,
    )
    assert fit.reasons == ["knows the industry", "speaks German", "8 h of shared hours"]
    assert fit.score == 3
    assert profiles.fit("", "", "", frozenset(), frozenset(), "", WINTER).reasons == []


def test_proposals_prefer_a_receiver_who_fits_and_say_why():
    munich = Account(1, "Munich Re", owner_id=1, languages="German", time_zone="Europe/Berlin")
    receivers = [
        Receiver(2, "Ann", capacity=10, load=2, time_zone="America/Los_Angeles"),
        Receiver(
            3,
            "Bob",
            capacity=10,
            load=4,  # fuller, but speaks German and works in the same hours
            languages=frozenset({"german"}),
            time_zone="Europe/Vienna",
        ),
    ]
    proposal = portfolio.spread([munich], receivers, WINTER)
    (move,) = proposal.moves
    assert move.incoming == "Bob"
    assert move.flags() == ["speaks German", "8 h of shared hours"]
    # Without the profile, the least full wins as before.
    plain = [Receiver(2, "Ann", capacity=10, load=2), Receiver(3, "Bob", capacity=10, load=4)]
    assert portfolio.spread([munich], plain, WINTER).moves[0].incoming == "Ann"


def test_fit_does_not_outweigh_a_much_fuller_receiver():
    client = Account(1, "Lyon", owner_id=1, languages="French")
    receivers = [
        Receiver(2, "Ann", capacity=10, load=1),
        Receiver(3, "Bob", capacity=10, load=8, languages=frozenset({"french"})),
    ]
    assert portfolio.spread([client], receivers, WINTER).moves[0].incoming == "Ann"
