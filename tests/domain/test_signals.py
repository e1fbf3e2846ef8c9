"""Each signal at its threshold: just below (silent), at and above (raised)."""

from datetime import date, timedelta

import pytest

from handover_tui.domain import signals
from handover_tui.domain.plan import default_windows
from handover_tui.domain.signals import (
    ClientFacts,
    Credential,
    Handoff,
    OpenItem,
    Owner,
    Thresholds,
)
from handover_tui.domain.vocab import NoteCategory, Severity, SignalKind

TODAY = date(2026, 11, 23)
DAY = timedelta(days=1)
LIMITS = Thresholds()


def facts(**changes) -> ClientFacts:
    base = {"id": 1, "name": "Acme", "owner": Owner(1, "Maya", capacity=5, active_clients=3)}
    return ClientFacts(**{**base, **changes})


def handoff(start: date, **changes) -> Handoff:
    return Handoff(windows=tuple(default_windows(start)), **changes)


def kinds(client: ClientFacts, today: date = TODAY, limits: Thresholds = LIMITS):
    return [signal.kind for signal in signals.signals_for(client, today, limits)]


# -- rotation: tenure with the current owner ---------------------------------------------


@pytest.mark.parametrize(
    ("since", "raised"),
    [
        (date(2023, 11, 24), False),  # one day short of three years
        (date(2023, 11, 23), True),  # three years today
        (date(2023, 11, 22), True),
    ],
)
def test_rotation_at_its_interval(since, raised):
    signal = signals.rotation_due(facts(owner_since=since), TODAY, LIMITS)
    assert (signal is not None) is raised
    if signal:
        assert signal.kind is SignalKind.ROTATION
        assert "since 2023-11" in signal.message and "3 years" in signal.message


def test_rotation_interval_comes_from_the_thresholds():
    client = facts(owner_since=date(2024, 11, 23))
    assert signals.rotation_due(client, TODAY, LIMITS) is None
    assert signals.rotation_due(client, TODAY, Thresholds(rotation_years=2)) is not None


def test_rotation_from_29_february():
    assert signals.anniversary(date(2024, 2, 29), 3) == date(2027, 2, 28)


def test_a_handoff_under_way_silences_rotation_and_capacity():
    busy = Owner(1, "Maya", capacity=2, active_clients=3)
    client = facts(owner=busy, owner_since=date(2020, 1, 1), handoff=handoff(TODAY))
    assert SignalKind.ROTATION not in kinds(client)
    assert SignalKind.OVER_CAPACITY not in kinds(client)
    assert SignalKind.NO_SUCCESSOR not in kinds(client)


# -- owner over capacity, and no successor -----------------------------------------------


@pytest.mark.parametrize(("active", "raised"), [(4, False), (5, False), (6, True)])
def test_over_capacity_above_capacity(active, raised):
    client = facts(owner=Owner(1, "Maya", capacity=5, active_clients=active), has_deputy=True)
    signal = signals.over_capacity(client, TODAY, LIMITS)
    assert (signal is not None) is raised
    if signal:
        assert signal.message == "Maya carries 6 clients against a capacity of 5."


def test_no_capacity_set_means_no_limit():
    client = facts(owner=Owner(1, "Maya", capacity=0, active_clients=40))
    assert signals.over_capacity(client, TODAY, LIMITS) is None


@pytest.mark.parametrize(("active", "raised"), [(5, False), (6, True)])
def test_no_successor_for_an_overloaded_owner(active, raised):
    client = facts(owner=Owner(1, "Maya", capacity=5, active_clients=active))
    signal = signals.no_successor(client, TODAY, LIMITS)
    assert (signal is not None) is raised
    if signal:
        assert "over capacity" in signal.message and signal.severity is Severity.MEDIUM
    named = facts(owner=Owner(1, "Maya", capacity=5, active_clients=active), has_deputy=True)
    assert signals.no_successor(named, TODAY, LIMITS) is None


@pytest.mark.parametrize(
    ("since", "raised"), [(date(2023, 11, 24), False), (date(2023, 11, 23), True)]
)
def test_no_successor_for_an_owner_due_to_rotate(since, raised):
    signal = signals.no_successor(facts(owner_since=since), TODAY, LIMITS)
    assert (signal is not None) is raised
    if signal:
        assert "due for rotation" in signal.message


# -- satisfaction --------------------------------------------------------------------------


def scores(*values: int) -> tuple[tuple[date, int], ...]:
    return tuple((TODAY - (len(values) - i) * 30 * DAY, v) for i, v in enumerate(values))


@pytest.mark.parametrize(
    ("values", "severity"),
    [
        ((8, 7), None),  # one point: below the drop
        ((8, 6), Severity.HIGH),  # two points: at the drop
        ((8, 3), Severity.HIGH),
        ((9, 8, 8), None),  # flat at the end: not falling
        ((9, 8, 7), Severity.MEDIUM),  # three falling in a row
        ((7, 8, 7), None),
        ((8,), None),
    ],
)
def test_satisfaction_falling(values, severity):
    signal = signals.satisfaction_falling(facts(satisfaction=scores(*values)), TODAY, LIMITS)
    assert (signal.severity if signal else None) is severity


def test_satisfaction_drop_threshold_is_configurable():
    client = facts(satisfaction=scores(8, 5))
    assert signals.satisfaction_falling(client, TODAY, Thresholds(satisfaction_drop=4)) is None
    assert signals.satisfaction_falling(client, TODAY, Thresholds(satisfaction_drop=3))


def test_satisfaction_uses_only_the_last_three():
    assert signals.satisfaction_falling(facts(satisfaction=scores(2, 9, 8, 7)), TODAY, LIMITS)


# -- quiet -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("days", "raised"), [(44, False), (45, True), (46, True)])
def test_quiet_after_n_days(days, raised):
    signal = signals.quiet(facts(last_interaction=TODAY - days * DAY), TODAY, LIMITS)
    assert (signal is not None) is raised
    if signal:
        assert signal.tab == "log" and f"{days} days" in signal.message


def test_quiet_counts_from_the_start_when_nothing_was_logged():
    client = facts(relationship_start=TODAY - 60 * DAY)
    signal = signals.quiet(client, TODAY, LIMITS)
    assert signal and "since the relationship started" in signal.message
    assert signals.quiet(facts(), TODAY, LIMITS) is None  # nothing to count from


def test_quiet_days_are_configurable():
    client = facts(last_interaction=TODAY - 20 * DAY)
    assert signals.quiet(client, TODAY, Thresholds(quiet_days=20))
    assert signals.quiet(client, TODAY, Thresholds(quiet_days=21)) is None


# -- bad timing --------------------------------------------------------------------------------


def test_renewal_inside_the_handoff_is_medium():
    client = facts(handoff=handoff(TODAY), renewal_date=TODAY + 20 * DAY)
    signal = signals.bad_timing(client, TODAY, LIMITS)
    assert signal and signal.severity is Severity.MEDIUM
    assert "falls in transition execution" in signal.message


@pytest.mark.parametrize(("gap", "raised"), [(13, True), (14, True), (15, False)])
def test_renewal_near_the_handoff_within_the_margin(gap, raised):
    plan = handoff(TODAY)
    after = facts(handoff=plan, renewal_date=plan.end + gap * DAY)
    before_start = TODAY + 20 * DAY
    before = facts(handoff=handoff(before_start), renewal_date=before_start - gap * DAY)
    for client in (after, before):
        signal = signals.bad_timing(client, TODAY, LIMITS)
        assert (signal is not None) is raised
        if signal:
            assert signal.severity is Severity.LOW and f"{gap} days" in signal.message


def test_a_past_renewal_or_no_handoff_is_no_collision():
    assert signals.bad_timing(facts(renewal_date=TODAY + DAY), TODAY, LIMITS) is None
    started = handoff(TODAY - 10 * DAY)
    client = facts(handoff=started, renewal_date=TODAY - DAY)
    assert signals.bad_timing(client, TODAY, LIMITS) is None


# -- overdue items and sign-off ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("late", "severity"),
    [(0, None), (1, Severity.MEDIUM), (6, Severity.MEDIUM), (7, Severity.HIGH), (8, Severity.HIGH)],
)
def test_overdue_items(late, severity):
    items = (OpenItem("Introduce the successor", TODAY - late * DAY),)
    signal = signals.overdue_items(facts(open_items=items), TODAY, LIMITS)
    assert (signal.severity if signal else None) is severity


def test_overdue_names_the_oldest_and_counts_the_rest():
    items = (
        OpenItem("Newer", TODAY - 2 * DAY),
        OpenItem("Oldest", TODAY - 3 * DAY),
        OpenItem("Later", TODAY + DAY),
    )
    signal = signals.overdue_items(facts(open_items=items), TODAY, LIMITS)
    assert signal and signal.message == "“Oldest” and 1 other overdue; the oldest by 3 days."
    assert signal.tab == "transition"


def test_an_overdue_review_opens_the_overview():
    items = (OpenItem("Review the improvement plan", TODAY - DAY, in_transition=False),)
    signal = signals.overdue_items(facts(open_items=items), TODAY, LIMITS)
    assert signal and signal.tab == "overview"


@pytest.mark.parametrize(("ended", "raised"), [(0, False), (1, True), (30, True)])
def test_unsigned_after_the_planned_end(ended, raised):
    plan = handoff(TODAY - 58 * DAY, missing_sign_offs=("Ana", "Acme CFO"))
    today = plan.end + ended * DAY
    signal = signals.unsigned(facts(handoff=plan), today, LIMITS)
    assert (signal is not None) is raised
    if signal:
        assert signal.tab == "signoff" and "Ana, Acme CFO" in signal.message


def test_all_signed_past_the_end_is_fine():
    plan = handoff(TODAY - 100 * DAY)
    assert signals.unsigned(facts(handoff=plan), TODAY, LIMITS) is None


# -- consent ------------------------------------------------------------------------------------


def test_consent_required_and_missing():
    preparing = facts(handoff=handoff(TODAY - DAY, consent_required=True))
    executing = facts(handoff=handoff(TODAY - 14 * DAY, consent_required=True))
    day_before = facts(handoff=handoff(TODAY - 13 * DAY, consent_required=True))
    assert signals.consent_missing(preparing, TODAY, LIMITS).severity is Severity.MEDIUM
    assert signals.consent_missing(day_before, TODAY, LIMITS).severity is Severity.MEDIUM
    assert signals.consent_missing(executing, TODAY, LIMITS).severity is Severity.HIGH
    given = handoff(TODAY, consent_required=True, consent_obtained_on=TODAY)
    assert signals.consent_missing(facts(handoff=given), TODAY, LIMITS) is None
    assert signals.consent_missing(facts(handoff=handoff(TODAY)), TODAY, LIMITS) is None


# -- knowledge-transfer gaps -----------------------------------------------------------------------

ALL_NOTES = frozenset(c.value for c in signals.KNOWLEDGE_CATEGORIES)


@pytest.mark.parametrize(("started", "raised"), [(13, False), (14, True), (43, True), (44, False)])
def test_knowledge_gap_only_while_in_execution(started, raised):
    notes = ALL_NOTES - {NoteCategory.GOALS.value}
    client = facts(handoff=handoff(TODAY - started * DAY), notes_in=notes)
    signal = signals.knowledge_gap(client, TODAY, LIMITS)
    assert (signal is not None) is raised
    if signal:
        assert signal.tab == "notes" and signal.message.endswith("no notes on goals.")


def test_no_gap_when_every_category_has_a_note():
    client = facts(handoff=handoff(TODAY - 20 * DAY), notes_in=ALL_NOTES)
    assert signals.knowledge_gap(client, TODAY, LIMITS) is None


# -- credentials ---------------------------------------------------------------------------------


def with_credential(expires: date | None) -> ClientFacts:
    owner = Owner(1, "Maya", credentials=(Credential("Series 7", expires),))
    return facts(owner=owner)


@pytest.mark.parametrize(
    ("days", "severity"),
    [
        (31, None),
        (30, Severity.MEDIUM),
        (0, Severity.MEDIUM),
        (-1, Severity.HIGH),
    ],
)
def test_credential_expiry(days, severity):
    signal = signals.credential_expiring(with_credential(TODAY + days * DAY), TODAY, LIMITS)
    assert (signal.severity if signal else None) is severity


def test_a_credential_without_expiry_never_expires():
    assert signals.credential_expiring(with_credential(None), TODAY, LIMITS) is None


# -- the attention list ---------------------------------------------------------------------------


def test_attention_orders_by_severity_then_kind_then_name():
    quiet = facts(id=2, name="beta", last_interaction=TODAY - 90 * DAY)
    late = facts(id=3, name="Alpha", open_items=(OpenItem("X", TODAY - 30 * DAY),))
    calm = facts(id=4, name="Calm", last_interaction=TODAY)
    also_quiet = facts(id=5, name="Aardvark", last_interaction=TODAY - 50 * DAY)
    found = signals.attention([quiet, late, calm, also_quiet], TODAY)
    assert [(s.client, s.kind) for s in found] == [
        ("Alpha", SignalKind.OVERDUE_ITEMS),
        ("Aardvark", SignalKind.QUIET),
        ("beta", SignalKind.QUIET),
    ]
    assert set(signals.by_client(found)) == {2, 3, 5}
