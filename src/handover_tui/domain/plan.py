"""The shape of a transition plan: phases and their windows, the default checklist,
progress, the client status a transition implies, and timing warnings.

Pure functions over plain values, so the rules are tested without a database.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from handover_tui.domain.formatting import plural
from handover_tui.domain.vocab import ClientStatus, Phase, Side, TransitionStatus

# Default lengths of the three phases, in days (about two weeks, a month, two weeks).
DEFAULT_DAYS = {Phase.PREPARATION: 14, Phase.EXECUTION: 30, Phase.SUPPORT: 14}


@dataclass(frozen=True)
class Window:
    """The dates of one phase, both days included."""

    phase: Phase
    start: date
    end: date

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end


def default_windows(start: date, days: dict[Phase, int] | None = None) -> list[Window]:
    """Back-to-back phases from ``start`` with the default (or given) lengths."""
    days = {**DEFAULT_DAYS, **(days or {})}
    windows = []
    for phase in Phase:
        end = start + timedelta(days=max(days[phase], 1) - 1)
        windows.append(Window(phase, start, end))
        start = end + timedelta(days=1)
    return windows


def check_windows(windows: Sequence[Window]) -> dict[str, str]:
    """Field errors for phase dates that make no sense (a phase ending before it starts,
    or starting before the previous one)."""
    errors: dict[str, str] = {}
    previous: Window | None = None
    for window in windows:
        if window.end < window.start:
            errors[f"{window.phase.value}_end"] = "A phase cannot end before it starts."
        elif previous is not None and window.start < previous.start:
            errors[f"{window.phase.value}_start"] = (
                f"{window.phase.label} cannot start before {previous.phase.label.lower()}."
            )
        previous = window
    return errors


@dataclass(frozen=True)
class TemplateItem:
    """One item of a checklist template: due ``offset`` days after its phase starts."""

    phase: Phase
    title: str
    side: Side
    offset: int


DEFAULT_TEMPLATE_NAME = "Account transition plan (built-in)"

DEFAULT_TEMPLATE: tuple[TemplateItem, ...] = (
    TemplateItem(
        Phase.PREPARATION,
        "Knowledge-transfer sessions between outgoing and incoming owners",
        Side.BOTH,
        3,
    ),
    TemplateItem(
        Phase.PREPARATION,
        "Review client history, contracts and project documentation",
        Side.INCOMING,
        7,
    ),
    TemplateItem(
        Phase.PREPARATION,
        "Document history, preferences, ongoing projects and challenges",
        Side.OUTGOING,
        10,
    ),
    TemplateItem(
        Phase.PREPARATION,
        "Check the contract for clauses that name a contact or require the client's consent",
        Side.OUTGOING,
        5,
    ),
    TemplateItem(Phase.EXECUTION, "Introduce the incoming owner to the client", Side.OUTGOING, 2),
    TemplateItem(Phase.EXECUTION, "Overlap period with both owners on the account", Side.BOTH, 14),
    TemplateItem(
        Phase.EXECUTION, "Gradually hand over ownership and responsibilities", Side.BOTH, 21
    ),
    # Weekly status meetings and regular client updates are the plan's rhythm of contact
    # (DEFAULT_CADENCE), dated and checked against the log, not items ticked once.
    TemplateItem(
        Phase.SUPPORT, "Monitor client satisfaction and address concerns", Side.INCOMING, 7
    ),
    TemplateItem(Phase.SUPPORT, "Outgoing owner supports the incoming one", Side.OUTGOING, 7),
    TemplateItem(
        Phase.SUPPORT, "Collect feedback from outgoing, incoming and client", Side.INCOMING, 10
    ),
    TemplateItem(Phase.SUPPORT, "Record lessons learned", Side.BOTH, 12),
    TemplateItem(Phase.SUPPORT, "Final approval by all parties", Side.BOTH, 13),
)


def due_date(item: TemplateItem, windows: Sequence[Window]) -> date:
    """An item's due date: its offset into its phase, kept inside the phase."""
    window = next(w for w in windows if w.phase == item.phase)
    due = window.start + timedelta(days=item.offset)
    return min(max(due, window.start), window.end)


def offset_in(phase_start: date, due: date | None) -> int:
    """The inverse of :func:`due_date`, for saving a checklist as a template."""
    return 0 if due is None else max((due - phase_start).days, 0)


def current_phase(windows: Sequence[Window], today: date) -> Phase | None:
    """The phase ``today`` falls in; before the start None, after the end the last one."""
    if not windows or today < windows[0].start:
        return None
    for window in windows:
        if window.contains(today):
            return window.phase
    return windows[-1].phase if today > windows[-1].end else None


def client_status_for(windows: Sequence[Window], today: date) -> ClientStatus:
    """What a running transition makes of its client's status on ``today``."""
    phase = current_phase(windows, today)
    if phase is None or phase is Phase.PREPARATION:
        return ClientStatus.TRANSITION_PLANNED
    if phase is Phase.EXECUTION:
        return ClientStatus.IN_TRANSITION
    return ClientStatus.POST_TRANSITION


@dataclass(frozen=True)
class Progress:
    done: int
    total: int

    @property
    def ratio(self) -> float:
        return self.done / self.total if self.total else 0.0

    def __str__(self) -> str:
        return f"{self.done}/{self.total}"


def progress(done_flags: Iterable[bool]) -> Progress:
    flags = list(done_flags)
    return Progress(sum(flags), len(flags))


def is_overdue(due: date | None, done: date | None, today: date) -> bool:
    return due is not None and done is None and due < today


@dataclass(frozen=True)
class OtherTransition:
    """Another transition touching the same owner, for the timing check."""

    client: str
    start: date
    end: date


def timing_warnings(
    windows: Sequence[Window],
    renewal: date | None,
    others: Iterable[OtherTransition] = (),
    owner: str = "the owner",
) -> list[str]:
    """Bad timing, in one sentence each: a renewal inside the window, a phase ending
    after the renewal, or another handoff of the same owner at the same time."""
    if not windows:
        return []
    start, end = windows[0].start, windows[-1].end
    warnings = []
    if renewal is not None and start <= renewal <= end:
        phase = next(w.phase for w in windows if w.contains(renewal))
        warnings.append(
            f"The renewal on {renewal.isoformat()} falls in {phase.label.lower()}; "
            "consider moving the handoff or the renewal conversation."
        )
        late = [w for w in windows if w.end > renewal and w.start <= renewal]
        for window in late:
            warnings.append(
                f"{window.phase.label} ends on {window.end.isoformat()}, "
                f"after the renewal on {renewal.isoformat()}."
            )
    for other in others:
        if other.start <= end and start <= other.end:
            warnings.append(
                f"{owner} is also in the handoff of {other.client} "
                f"({other.start.isoformat()} to {other.end.isoformat()})."
            )
    return warnings


def responsibilities(
    items: Iterable[tuple[str, str] | tuple[str, str, str, str]],
) -> dict[Side, list[str]]:
    """Checklist titles by who carries them; "both" counts for each owner.

    An item may say who holds it now: ``(side, title, holder, name)``, where ``holder``
    is the side of the owner named on it ("outgoing" or "incoming"; "" for anyone else)
    and ``name`` that person. An item passed to the incoming owner is theirs whatever
    side it was written for; one held by someone else keeps its side and names them.
    """
    roles: dict[Side, list[str]] = {Side.OUTGOING: [], Side.INCOMING: [], Side.CLIENT: []}
    for item in items:
        side, title = item[0], item[1]
        holder, name = (item[2], item[3]) if len(item) == 4 else ("", "")
        if holder in (Side.OUTGOING, Side.INCOMING):
            roles[Side(holder)].append(title)
            continue
        if name.strip():
            title = f"{title} ({name.strip()})"
        if side == Side.BOTH:
            roles[Side.OUTGOING].append(title)
            roles[Side.INCOMING].append(title)
        elif side in roles:
            roles[Side(side)].append(title)
    return roles


# What each side does in a handoff, as the account transition plan describes it: the
# text a plan starts with, which the user may rewrite.
DEFAULT_ROLES: dict[Side, str] = {
    Side.OUTGOING: (
        "Transfer what they know of the account: its history, preferences, ongoing "
        "projects and challenges. Introduce the successor to the client and the key "
        "stakeholders. Stay available to the incoming owner and the client through "
        "post-transition support."
    ),
    Side.INCOMING: (
        "Learn the account: its history, contracts, documentation and people. Take over "
        "communication with the client, and address the outstanding issues and loose ends."
    ),
    Side.CLIENT: (
        "Cooperate with the handoff: meet the incoming owner, share what they need to "
        "know, and give feedback on how the transition goes."
    ),
}


def role_text(side: Side, written: str) -> str:
    """What a side does: the text written for this plan, else the default for the side."""
    return written.strip() or DEFAULT_ROLES.get(side, "")


INTRODUCTION_TITLE = "Introduce the incoming owner to the client"


def is_introduction(title: str) -> bool:
    """Whether a checklist item is the introduction of the successor to the client (the
    default template's, or one written like it): done, the client is informed."""
    words = " ".join(title.casefold().split())
    return words.startswith(("introduce the incoming owner", "introduce the successor"))


def informed_on(recorded: date | None, introductions: Iterable[date | None]) -> date | None:
    """When the client learnt of the handoff: the date recorded, or the first
    introduction (an item done, a contact logged) when that came earlier."""
    days = [day for day in (recorded, *introductions) if day is not None]
    return min(days) if days else None


def tickable(status: str, completed_on: date | None, done_on: date | None) -> bool:
    """Whether an item of a transition in ``status`` may be ticked or opened again: any
    item while it runs; after completion, one still open (it was passed on to the
    incoming owner) or one done since; never once the handoff was cancelled."""
    if status in (TransitionStatus.ACTIVE, TransitionStatus.PAUSED):
        return True
    if status != TransitionStatus.COMPLETED:
        return False
    return done_on is None or completed_on is None or done_on >= completed_on


def readiness(
    missing_sign_offs: Sequence[str], open_items: int, open_loose_ends: int = 0
) -> list[str]:
    """Why a transition cannot be completed yet, one sentence per reason (none: ready)."""
    reasons = []
    if missing_sign_offs:
        names = ", ".join(missing_sign_offs)
        reasons.append(f"Waiting for {plural(len(missing_sign_offs), 'sign-off')}: {names}.")
    if open_items:
        verb = "is" if open_items == 1 else "are"
        reasons.append(f"{plural(open_items, 'checklist item')} {verb} not done.")
    if open_loose_ends:
        verb = "is" if open_loose_ends == 1 else "are"
        reasons.append(f"{plural(open_loose_ends, 'loose end')} {verb} still open.")
    return reasons


# The handoff summary a successor reads first: (field, heading), in reading order.
SUMMARY_SECTIONS: tuple[tuple[str, str], ...] = (
    ("summary_goals", "The client's original goals"),
    ("summary_current_state", "Where they are now"),
    ("summary_work_done", "What we did for the client"),
    ("summary_challenges", "Unexpected challenges and how they were overcome"),
    ("summary_going_forward", "What the incoming owner must know going forward"),
    ("summary_outgoing_contact", "How to reach the outgoing owner after the handoff"),
)


def reach_text(until: date | None, channel: str) -> str:
    """Until when and by which channel the outgoing owner can be reached after the
    handoff (``Until 2027-03-31, by e-mail.``); empty when neither is said."""
    parts = []
    if until is not None:
        parts.append(f"until {until.isoformat()}")
    if channel.strip():
        parts.append(f"by {CHANNEL_WORDS.get(channel, channel.replace('_', ' '))}")
    text = ", ".join(parts)
    return f"{text[:1].upper()}{text[1:]}." if text else ""


CHANNEL_WORDS = {"email": "e-mail", "in_person": "meeting in person", "video": "video call"}


def feedback_summary(ratings: Sequence[tuple[str, int]]) -> str:
    """``4.3/5 from 3 (client 5, incoming owner 4, …)``; empty without feedback."""
    if not ratings:
        return ""
    average = sum(score for _source, score in ratings) / len(ratings)
    by_source = ", ".join(f"{Side(source).label.lower()} {score}" for source, score in ratings)
    return f"{average:.1f}/5 from {len(ratings)} ({by_source})"


@dataclass(frozen=True)
class CadenceStatus:
    """How one kind of contact keeps to its rhythm: the periods missed, the next due."""

    kind: str
    every_days: int
    missed: list[date]
    next_due: date | None
    occurrences: tuple[Occurrence, ...] = ()
    """Every dated contact of the rhythm, when asked for (the plan document lists them)."""


def cadence_status(
    kind: str,
    every_days: int,
    starts_on: date,
    until: date,
    logged: Iterable[date],
    today: date,
) -> CadenceStatus:
    """Periods of ``every_days`` from ``starts_on``: one with no logged contact is missed
    once it is over; the next due is the open period's start (or the coming one's)."""
    every = max(every_days, 1)
    dates = sorted(logged)
    missed: list[date] = []
    next_due: date | None = None
    slot = starts_on
    while slot <= until:
        end = slot + timedelta(days=every)
        met = any(_opens(slot, starts_on, every) <= day < end for day in dates)
        if end <= today:
            if not met:
                missed.append(slot)
        elif not met:
            next_due = slot
            break
        slot = end
    if next_due is None and slot <= until:
        next_due = slot
    return CadenceStatus(kind, every, missed, next_due)


def _opens(slot: date, starts_on: date, every: int) -> date:
    """Where contacts start to count for the period at ``slot``: the first period also
    takes one logged up to half a period before the rhythm began (a meeting held just
    before the plan or its phase started still counts, and the next is at most one and
    a half periods later)."""
    return slot - timedelta(days=max(every // 2, 1)) if slot == starts_on else slot


# The plan's rhythm of contact by default, as the account transition plan asks: weekly
# status meetings between the owners, updates to the client every two weeks.
DEFAULT_CADENCE: dict[str, int] = {"status_meeting": 7, "client_update": 14}
# The phases each kind of contact runs through (first, last); a kind not named here
# runs through the whole plan.
CADENCE_PHASES: dict[str, tuple[Phase, Phase]] = {
    "status_meeting": (Phase.EXECUTION, Phase.EXECUTION),
    "client_update": (Phase.EXECUTION, Phase.SUPPORT),
}


def cadence_span(
    kind: str, windows: Sequence[Window], until: date | None = None
) -> tuple[date, date] | None:
    """The days a rhythm of ``kind`` runs: the phases it belongs to, ended early by
    ``until`` (a completion); None without dates or when it ended before it began."""
    if not windows:
        return None
    phases = {window.phase: window for window in windows}
    first, last = CADENCE_PHASES.get(kind, (Phase.PREPARATION, Phase.SUPPORT))
    start = phases[first].start if first in phases else windows[0].start
    end = phases[last].end if last in phases else windows[-1].end
    if until is not None:
        end = min(end, until)
    return (start, end) if start <= end else None


@dataclass(frozen=True)
class Occurrence:
    """One dated contact of a rhythm: ``state`` is held, missed, due (its period is
    open) or planned; ``held_on`` the first contact logged for it."""

    on: date
    state: str
    held_on: date | None = None


def cadence_occurrences(
    every_days: int, starts_on: date, until: date, logged: Iterable[date], today: date
) -> list[Occurrence]:
    """Every period of ``every_days`` from ``starts_on`` to ``until``, by date, with
    whether a contact was logged in it (see :func:`cadence_status`)."""
    every = max(every_days, 1)
    dates = sorted(logged)
    found = []
    slot = starts_on
    while slot <= until:
        end = slot + timedelta(days=every)
        held = next((d for d in dates if _opens(slot, starts_on, every) <= d < end), None)
        if held is not None:
            state = "held"
        elif end <= today:
            state = "missed"
        elif slot <= today:
            state = "due"
        else:
            state = "planned"
        found.append(Occurrence(slot, state, held))
        slot = end
    return found
