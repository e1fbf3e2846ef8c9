"""Signals about the relationship itself rather than a handoff: nobody owns the client,
contact is thinning out, the client is outgrowing what we give it, or everything hangs
on one person at the client. Pure functions of :class:`ClientFacts`, as in
``domain.signals``, which lists them among its rules.
"""

from __future__ import annotations

from datetime import date

from handover_tui.domain.formatting import plural
from handover_tui.domain.signal_facts import ClientFacts, Signal, Thresholds, make_signal
from handover_tui.domain.vocab import RenewalOutcome, Severity, SignalKind


def no_owner(facts: ClientFacts, today: date, limits: Thresholds) -> Signal | None:
    """Nobody owns the client: no one answers for it, and it cannot be handed over."""
    if facts.owner is not None:
        return None
    return make_signal(
        facts,
        SignalKind.NO_OWNER,
        Severity.MEDIUM,
        "Nobody owns the account: name an owner so someone answers for it.",
        "overview",
    )


def declining_engagement(facts: ClientFacts, today: date, limits: Thresholds) -> Signal | None:
    """Contacts logged in the last three periods fell by ``engagement_drop_percent`` or
    more against the three periods before (which had ``engagement_min_contacts``)."""
    counts = facts.contacts_by_period
    if len(counts) < 6:
        return None
    earlier, recent = sum(counts[-6:-3]), sum(counts[-3:])
    if earlier < max(limits.engagement_min_contacts, 1):
        return None
    if recent * 100 > earlier * (100 - limits.engagement_drop_percent):
        return None
    days = limits.engagement_period_days
    trail = " → ".join(str(count) for count in counts[-6:])
    return make_signal(
        facts,
        SignalKind.DECLINING_ENGAGEMENT,
        Severity.MEDIUM,
        f"Contacts fell from {earlier} to {recent} over the last {3 * days} days against "
        f"the {3 * days} before (per {days} days: {trail}).",
        "log",
    )


def outgrowing(facts: ClientFacts, today: date, limits: Thresholds) -> Signal | None:
    """The client is outgrowing the relationship: its last renewal was lost (high) or
    reduced, or its revenue grew by ``outgrowing_growth_percent`` while satisfaction
    fell over the same snapshots."""
    outcome = facts.renewal_outcome
    if outcome is not None and outcome[1] in (RenewalOutcome.LOST, RenewalOutcome.REDUCED):
        on, what = outcome
        lost = what == RenewalOutcome.LOST
        return make_signal(
            facts,
            SignalKind.OUTGROWING,
            Severity.HIGH if lost else Severity.MEDIUM,
            f"The renewal was {'lost' if lost else 'reduced'} ({on.isoformat()}): the client "
            "may need more than the relationship gives it.",
            "overview",
        )
    revenue, scores = facts.revenue, facts.satisfaction
    if len(revenue) < 2 or len(scores) < 2:
        return None
    (first_on, first), (last_on, last) = revenue[0], revenue[-1]
    if first <= 0 or (last - first) * 100 < first * limits.outgrowing_growth_percent:
        return None
    during = [score for day, score in scores if first_on <= day <= last_on]
    if len(during) < 2 or during[-1] >= during[0]:
        return None
    growth = (last - first) * 100 // first
    return make_signal(
        facts,
        SignalKind.OUTGROWING,
        Severity.MEDIUM,
        f"Revenue grew {growth}% from {first_on.isoformat()} to {last_on.isoformat()} while "
        f"satisfaction fell from {during[0]} to {during[-1]}: the client may be outgrowing "
        "the relationship.",
        "overview",
    )


def single_threaded(facts: ClientFacts, today: date, limits: Thresholds) -> Signal | None:
    """The relationship hangs on too few people: fewer than ``min_contacts`` stakeholders
    (but at least one), none of them senior (where seniority is recorded), or, during a
    handoff, none held by the incoming owner. One signal, with every reason that holds."""
    count = facts.contact_count
    if count is None or count < 1:
        return None
    reasons = []
    if count < limits.min_contacts:
        reasons.append(
            f"Only {plural(count, 'contact')} at the client: the relationship hangs on "
            f"{'one person' if count == 1 else 'few people'}; meet others there."
        )
    if facts.placed_contacts and not facts.senior_contacts:
        reasons.append(
            "No senior contact at the client: the relationship stops short of "
            "the people who decide."
        )
    handoff = facts.handoff
    if handoff is not None and facts.incoming_holds == 0:
        who = handoff.incoming or "The incoming owner"
        reasons.append(f"{who} holds no relationship at the client yet.")
    if not reasons:
        return None
    return make_signal(
        facts, SignalKind.SINGLE_THREADED, Severity.LOW, " ".join(reasons), "contacts"
    )


RELATIONSHIP_RULES = (no_owner, declining_engagement, outgrowing, single_threaded)
