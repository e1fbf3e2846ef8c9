"""The relationship's own signals at their thresholds: no owner, declining engagement,
a client outgrowing the relationship, a single-threaded relationship (#18, 12 and 13)."""

from datetime import date, timedelta

import pytest

from handover_tui.domain import signals
from handover_tui.domain.signals import ClientFacts, Owner, Thresholds
from handover_tui.domain.vocab import Severity, SignalKind

TODAY = date(2026, 11, 23)
DAY = timedelta(days=1)
LIMITS = Thresholds()


def facts(**changes) -> ClientFacts:
    base = {"id": 1, "name": "Acme", "owner": Owner(1, "Maya", capacity=5, active_clients=3)}
    return ClientFacts(**{**base, **changes})


def raised(client: ClientFacts, kind: SignalKind, limits: Thresholds = LIMITS):
    found = [s for s in signals.signals_for(client, TODAY, limits) if s.kind == kind]
    return found[0] if found else None


def test_a_client_without_an_owner_raises_a_signal():
    signal = raised(facts(owner=None), SignalKind.NO_OWNER)
    assert signal is not None and signal.severity == Severity.MEDIUM
    assert signal.message == "Nobody owns the account: name an owner so someone answers for it."
    assert raised(facts(), SignalKind.NO_OWNER) is None


@pytest.mark.parametrize(
    ("periods", "expected"),
    [
        ((3, 2, 2, 1, 1, 0), True),  # 7 → 2: fell by more than half
        ((2, 1, 1, 1, 1, 0), True),  # 4 → 2: exactly half
        ((2, 1, 1, 1, 1, 1), False),  # 4 → 3
        ((1, 1, 0, 0, 0, 0), False),  # 2 earlier: too few to judge
        ((0, 0, 0, 3, 3, 3), False),  # rising
        ((), False),  # not read
    ],
)
def test_declining_engagement_compares_three_periods_with_the_three_before(periods, expected):
    signal = raised(facts(contacts_by_period=periods), SignalKind.DECLINING_ENGAGEMENT)
    assert (signal is not None) is expected
    if signal is not None:
        assert signal.tab == "log"
        assert "over the last 90 days against the 90 before (per 30 days: " in signal.message


def test_declining_engagement_thresholds_come_from_the_settings():
    periods = (2, 1, 1, 1, 1, 1)  # 4 → 3, a fall of 25%
    assert raised(facts(contacts_by_period=periods), SignalKind.DECLINING_ENGAGEMENT) is None
    limits = Thresholds(engagement_drop_percent=25)
    assert raised(facts(contacts_by_period=periods), SignalKind.DECLINING_ENGAGEMENT, limits)
    few = (1, 1, 0, 0, 0, 0)
    limits = Thresholds(engagement_min_contacts=2)
    assert raised(facts(contacts_by_period=few), SignalKind.DECLINING_ENGAGEMENT, limits)


def test_a_renewal_lost_or_reduced_says_the_client_is_outgrowing_us():
    lost = raised(facts(renewal_outcome=(TODAY, "lost")), SignalKind.OUTGROWING)
    assert lost is not None and lost.severity == Severity.HIGH
    assert lost.message.startswith("The renewal was lost (2026-11-23)")
    reduced = raised(facts(renewal_outcome=(TODAY, "reduced")), SignalKind.OUTGROWING)
    assert reduced is not None and reduced.severity == Severity.MEDIUM
    assert raised(facts(renewal_outcome=(TODAY, "renewed")), SignalKind.OUTGROWING) is None


def test_revenue_growing_while_satisfaction_falls_is_outgrowing():
    start, end = TODAY - 180 * DAY, TODAY
    revenue = ((start, 100_000_00), (end, 110_000_00))
    falling = ((start, 8), (end - 10 * DAY, 6))
    signal = raised(facts(revenue=revenue, satisfaction=falling), SignalKind.OUTGROWING)
    assert signal is not None and signal.severity == Severity.MEDIUM
    assert "Revenue grew 10% from 2026-05-27 to 2026-11-23" in signal.message
    assert "satisfaction fell from 8 to 6" in signal.message
    steady = ((start, 8), (end, 8))
    assert raised(facts(revenue=revenue, satisfaction=steady), SignalKind.OUTGROWING) is None
    small = ((start, 100_000_00), (end, 109_000_00))
    assert raised(facts(revenue=small, satisfaction=falling), SignalKind.OUTGROWING) is None
    limits = Thresholds(outgrowing_growth_percent=9)
    assert raised(facts(revenue=small, satisfaction=falling), SignalKind.OUTGROWING, limits)


def test_one_contact_is_a_single_threaded_relationship():
    one = raised(facts(contact_count=1), SignalKind.SINGLE_THREADED)
    assert one is not None and one.severity == Severity.LOW and one.tab == "contacts"
    assert one.message.startswith("Only 1 contact at the client")
    assert raised(facts(contact_count=2), SignalKind.SINGLE_THREADED) is None
    assert raised(facts(contact_count=0), SignalKind.SINGLE_THREADED) is None
    assert raised(facts(), SignalKind.SINGLE_THREADED) is None
    limits = Thresholds(min_contacts=3)
    assert raised(facts(contact_count=2), SignalKind.SINGLE_THREADED, limits) is not None


def test_no_senior_contact_is_a_thin_relationship_where_seniority_is_known():
    thin = facts(contact_count=3, placed_contacts=2, senior_contacts=0)
    signal = raised(thin, SignalKind.SINGLE_THREADED)
    assert signal is not None and signal.message.startswith("No senior contact")
    assert (
        raised(
            facts(contact_count=3, placed_contacts=2, senior_contacts=1), SignalKind.SINGLE_THREADED
        )
        is None
    )
    # Nobody placed on the map yet: not known, so not said.
    assert raised(facts(contact_count=3), SignalKind.SINGLE_THREADED) is None


def test_a_handoff_whose_incoming_owner_holds_no_relationship_is_flagged_once():
    from handover_tui.domain.signal_facts import Handoff

    handoff = Handoff(windows=(), incoming="Priya")
    signal = raised(
        facts(contact_count=1, handoff=handoff, incoming_holds=0), SignalKind.SINGLE_THREADED
    )
    assert signal is not None
    assert "Only 1 contact" in signal.message
    assert "Priya holds no relationship at the client yet." in signal.message
    both = [
        s
        for s in signals.signals_for(
            facts(contact_count=1, handoff=handoff, incoming_holds=0), TODAY, LIMITS
        )
        if s.kind == SignalKind.SINGLE_THREADED
    ]
    assert len(both) == 1  # one signal with both reasons, never two
    held = facts(contact_count=2, handoff=handoff, incoming_holds=1)
    assert raised(held, SignalKind.SINGLE_THREADED) is None
