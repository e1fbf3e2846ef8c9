"""Signals: which relationships need attention, and why, in one sentence each.

Every rule is a pure function of a client's facts, "today" and the user's thresholds,
so each is tested at its threshold without a database. The service layer gathers the
facts (:class:`ClientFacts`); the dashboard and the roster show what comes out.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date

from handover_tui.domain.formatting import plural
from handover_tui.domain.plan import current_phase
from handover_tui.domain.relationship_signals import RELATIONSHIP_RULES
from handover_tui.domain.signal_facts import (
    ClientFacts,
    Credential,
    Handoff,
    OpenItem,
    Owner,
    Signal,
    Thresholds,
    anniversary,
    make_signal,
)
from handover_tui.domain.vocab import NoteCategory, Phase, Severity, SignalKind

__all__ = [
    "RULES",
    "ClientFacts",
    "Credential",
    "Handoff",
    "OpenItem",
    "Owner",
    "Signal",
    "Thresholds",
    "anniversary",
    "attention",
    "by_client",
    "signals_for",
]


# What a successor must be able to read before taking over (general notes and lessons
# learned are welcome, but their absence is no gap).
KNOWLEDGE_CATEGORIES: tuple[NoteCategory, ...] = (
    NoteCategory.HISTORY,
    NoteCategory.PREFERENCES,
    NoteCategory.GOALS,
    NoteCategory.ONGOING_PROJECT,
    NoteCategory.CHALLENGE,
)


# -- the rules -------------------------------------------------------------------------


def rotation_due(facts: ClientFacts, today: date, limits: Thresholds) -> Signal | None:
    """The current owner has held the account for the rotation interval or longer."""
    if facts.owner is None or facts.owner_since is None or facts.handoff is not None:
        return None
    due = anniversary(facts.owner_since, limits.rotation_years)
    if today < due:
        return None
    since = facts.owner_since
    years = today.year - since.year - ((today.month, today.day) < (since.month, since.day))
    return make_signal(
        facts,
        SignalKind.ROTATION,
        Severity.LOW,
        f"{facts.owner.name} has owned the account since {since.isoformat()} "
        f"({plural(years, 'year')}); the rotation interval is "
        f"{plural(limits.rotation_years, 'year')}.",
        "overview",
    )


def over_capacity(facts: ClientFacts, today: date, limits: Thresholds) -> Signal | None:
    """The owner's load (clients weighed by complexity) is past their capacity (and no
    handoff of this client is under way yet)."""
    owner = facts.owner
    if owner is None or not owner.over_capacity or facts.handoff is not None:
        return None
    carried = plural(owner.active_clients, "client")
    if owner.weight != owner.active_clients:
        carried += f" weighing {owner.weight}"
    return make_signal(
        facts,
        SignalKind.OVER_CAPACITY,
        Severity.LOW,
        f"{owner.name} carries {carried} against a capacity of {owner.capacity}.",
        "overview",
    )


def no_successor(facts: ClientFacts, today: date, limits: Thresholds) -> Signal | None:
    """Nobody is named to take over from an owner who is overloaded or due to rotate."""
    owner = facts.owner
    if owner is None or facts.has_deputy or facts.handoff is not None:
        return None
    reasons = []
    if owner.over_capacity:
        reasons.append("is over capacity")
    if rotation_due(facts, today, limits) is not None:
        reasons.append("is due for rotation")
    if not reasons:
        return None
    return make_signal(
        facts,
        SignalKind.NO_SUCCESSOR,
        Severity.MEDIUM,
        f"No deputy or successor is named, and {owner.name} {' and '.join(reasons)}.",
        "overview",
    )


def satisfaction_falling(facts: ClientFacts, today: date, limits: Thresholds) -> Signal | None:
    """A drop of ``satisfaction_drop`` points between the last two snapshots (high), or
    three snapshots in a row each lower than the one before (medium)."""
    scores = facts.satisfaction[-3:]
    if len(scores) < 2:
        return None
    (_before_on, before), (last_on, last) = scores[-2], scores[-1]
    if before - last >= limits.satisfaction_drop:
        return make_signal(
            facts,
            SignalKind.SATISFACTION,
            Severity.HIGH,
            f"Satisfaction dropped from {before} to {last} on {last_on.isoformat()}.",
            "overview",
        )
    if len(scores) == 3 and scores[0][1] > scores[1][1] > scores[2][1]:
        trail = " → ".join(str(score) for _day, score in scores)
        return make_signal(
            facts,
            SignalKind.SATISFACTION,
            Severity.MEDIUM,
            f"Satisfaction fell in each of the last three snapshots: {trail}.",
            "overview",
        )
    return None


def quiet(facts: ClientFacts, today: date, limits: Thresholds) -> Signal | None:
    """No interaction logged for ``quiet_days`` days (counted from the relationship's
    start when nothing was ever logged)."""
    since = facts.last_interaction or facts.relationship_start
    if since is None:
        return None
    days = (today - since).days
    if days < limits.quiet_days:
        return None
    if facts.last_interaction is None:
        message = (
            f"No interaction logged since the relationship started on {since.isoformat()} "
            f"({days} days)."
        )
    else:
        message = f"No interaction logged for {days} days (last on {since.isoformat()})."
    return make_signal(facts, SignalKind.QUIET, Severity.MEDIUM, message, "log")


def bad_timing(facts: ClientFacts, today: date, limits: Thresholds) -> Signal | None:
    """A coming renewal inside the handoff's window (medium), or within the margin
    before it starts or after it ends (low)."""
    handoff, renewal = facts.handoff, facts.renewal_date
    if handoff is None or renewal is None or renewal < today:
        return None
    start, end = handoff.start, handoff.end
    if start is None or end is None:
        return None
    if start <= renewal <= end:
        phase = current_phase(handoff.windows, renewal) or Phase.PREPARATION
        return make_signal(
            facts,
            SignalKind.BAD_TIMING,
            Severity.MEDIUM,
            f"The renewal on {renewal.isoformat()} falls in {phase.label.lower()}.",
            "transition",
        )
    if renewal < start:
        gap, where = (start - renewal).days, "before the handoff starts"
    else:
        gap, where = (renewal - end).days, "after the handoff ends"
    if gap > limits.timing_margin_days:
        return None
    return make_signal(
        facts,
        SignalKind.BAD_TIMING,
        Severity.LOW,
        f"The renewal on {renewal.isoformat()} is {plural(gap, 'day')} {where}.",
        "transition",
    )


def overdue_items(facts: ClientFacts, today: date, limits: Thresholds) -> Signal | None:
    """Checklist items past their due date; high once the oldest is ``overdue_days`` late."""
    late = sorted((item for item in facts.open_items if item.due_on < today), key=_due)
    if not late:
        return None
    oldest = late[0]
    days = (today - oldest.due_on).days
    severity = Severity.HIGH if days >= limits.overdue_days else Severity.MEDIUM
    more = f" and {plural(len(late) - 1, 'other')}" if len(late) > 1 else ""
    in_plan = any(item.in_transition for item in late)
    return make_signal(
        facts,
        SignalKind.OVERDUE_ITEMS,
        severity,
        f"“{oldest.title}”{more} overdue; the oldest by {plural(days, 'day')}.",
        "transition" if in_plan else "overview",
    )


def _due(item: OpenItem) -> date:
    return item.due_on


def unsigned(facts: ClientFacts, today: date, limits: Thresholds) -> Signal | None:
    """The handoff's planned end has passed and required signatures are missing."""
    handoff = facts.handoff
    if handoff is None or handoff.end is None or handoff.end >= today:
        return None
    if not handoff.missing_sign_offs:
        return None
    return make_signal(
        facts,
        SignalKind.UNSIGNED,
        Severity.HIGH,
        f"The handoff was to end on {handoff.end.isoformat()}; still waiting for "
        f"{', '.join(handoff.missing_sign_offs)} to sign.",
        "signoff",
    )


def consent_missing(facts: ClientFacts, today: date, limits: Thresholds) -> Signal | None:
    """The contract requires the client's consent and none is recorded; high once the
    successor is being introduced (execution has started)."""
    handoff = facts.handoff
    if handoff is None or not handoff.consent_required or handoff.consent_obtained_on:
        return None
    started = current_phase(handoff.windows, today) not in (None, Phase.PREPARATION)
    return make_signal(
        facts,
        SignalKind.CONSENT,
        Severity.HIGH if started else Severity.MEDIUM,
        "The contract requires the client's consent to the handoff; none is recorded"
        + (" and execution has started." if started else "."),
        "transition",
    )


def knowledge_gap(facts: ClientFacts, today: date, limits: Thresholds) -> Signal | None:
    """The handoff is in execution and a knowledge-transfer category has no note."""
    handoff = facts.handoff
    if handoff is None or current_phase(handoff.windows, today) is not Phase.EXECUTION:
        return None
    missing = [c for c in KNOWLEDGE_CATEGORIES if c.value not in facts.notes_in]
    if not missing:
        return None
    names = ", ".join(category.label.lower() for category in missing)
    return make_signal(
        facts,
        SignalKind.KNOWLEDGE_GAP,
        Severity.MEDIUM,
        f"The handoff is in execution with no notes on {names}.",
        "notes",
    )


def credential_expiring(facts: ClientFacts, today: date, limits: Thresholds) -> Signal | None:
    """The owner's credential expired (high) or expires within ``credential_days``."""
    owner = facts.owner
    if owner is None:
        return None
    dated = sorted(
        (c for c in owner.credentials if c.expires_on is not None),
        key=lambda c: c.expires_on or today,
    )
    if not dated or dated[0].expires_on is None:
        return None
    worst, expires = dated[0], dated[0].expires_on
    days = (expires - today).days
    if days < 0:
        return make_signal(
            facts,
            SignalKind.CREDENTIAL,
            Severity.HIGH,
            f"{owner.name}'s credential “{worst.name}” expired on {expires.isoformat()}.",
            "overview",
        )
    if days > limits.credential_days:
        return None
    when = "today" if days == 0 else f"in {plural(days, 'day')}"
    return make_signal(
        facts,
        SignalKind.CREDENTIAL,
        Severity.MEDIUM,
        f"{owner.name}'s credential “{worst.name}” expires {when} ({expires.isoformat()}).",
        "overview",
    )


Rule = Callable[[ClientFacts, date, Thresholds], "Signal | None"]

RULES: tuple[Rule, ...] = (
    overdue_items,
    unsigned,
    consent_missing,
    satisfaction_falling,
    credential_expiring,
    bad_timing,
    knowledge_gap,
    quiet,
    no_successor,
    over_capacity,
    rotation_due,
    *RELATIONSHIP_RULES,
)


def signals_for(facts: ClientFacts, today: date, limits: Thresholds | None = None) -> list[Signal]:
    """Every signal one client raises, most severe first."""
    limits = limits or Thresholds()
    found = [signal for rule in RULES if (signal := rule(facts, today, limits)) is not None]
    return sorted(found, key=_order)


def attention(
    clients: Iterable[ClientFacts], today: date, limits: Thresholds | None = None
) -> list[Signal]:
    """The attention list: all signals, by severity, then kind, then client name."""
    limits = limits or Thresholds()
    found = [signal for facts in clients for signal in signals_for(facts, today, limits)]
    return sorted(found, key=lambda s: (*_order(s), s.client.lower(), s.client_id))


_SEVERITY_RANK = {severity: rank for rank, severity in enumerate(Severity)}
_KIND_RANK = {kind: rank for rank, kind in enumerate(SignalKind)}
"""Looked up, not searched: a 10k-client roster sorts some 50,000 keys (0.6 s as searches)."""


def _order(signal: Signal) -> tuple[int, int]:
    return _SEVERITY_RANK[signal.severity], _KIND_RANK[signal.kind]


def by_client(signals: Sequence[Signal]) -> dict[int, list[Signal]]:
    """Signals grouped by client id, each client's most severe first."""
    grouped: dict[int, list[Signal]] = {}
    for signal in signals:
        grouped.setdefault(signal.client_id, []).append(signal)
    for found in grouped.values():
        found.sort(key=_order)
    return grouped
