"""The facts every signal rule reads, the thresholds it is judged against, and the
signal it raises: plain values, built by ``db.signals_read`` and judged by the rules in
``domain.signals`` and ``domain.relationship_signals``."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from handover_tui.domain.plan import Window
from handover_tui.domain.vocab import Severity, SignalKind


@dataclass(frozen=True)
class Thresholds:
    """Where each signal starts; read from ``[signals]`` in the config file."""

    rotation_years: int = 3
    """Years with one owner after which the account is due for rotation."""
    quiet_days: int = 45
    """Days without a logged interaction after which a client counts as quiet."""
    satisfaction_drop: int = 2
    """Points lost between two snapshots that count as a drop."""
    credential_days: int = 30
    """Days before a credential expires that it is flagged."""
    timing_margin_days: int = 14
    """Days before or after a handoff within which a renewal still collides with it."""
    overdue_days: int = 7
    """Days an item may be late before the signal turns high."""
    engagement_period_days: int = 30
    """Length of one period when contacts are counted for declining engagement."""
    engagement_drop_percent: int = 50
    """How far (in %) the last three periods' contacts must fall below the three before."""
    engagement_min_contacts: int = 3
    """Contacts the three earlier periods need before a fall in them means anything."""
    outgrowing_growth_percent: int = 10
    """Revenue growth (in %) that, with satisfaction falling, says a client outgrows us."""
    min_contacts: int = 2
    """Fewer contacts than this (but at least one) make the relationship single-threaded."""


@dataclass(frozen=True)
class Credential:
    name: str
    expires_on: date | None


@dataclass(frozen=True)
class Owner:
    """An account owner and the load they carry."""

    id: int
    name: str
    capacity: int = 0
    active_clients: int = 0
    load: int | None = None
    """The clients weighed by complexity; None counts each client as 1."""
    credentials: tuple[Credential, ...] = ()

    @property
    def weight(self) -> int:
        """What counts against capacity: the weighted load."""
        return self.active_clients if self.load is None else self.load

    @property
    def over_capacity(self) -> bool:
        return self.capacity > 0 and self.weight > self.capacity


@dataclass(frozen=True)
class OpenItem:
    """A checklist item not done yet; ``in_transition`` is False for a client's review."""

    title: str
    due_on: date
    in_transition: bool = True


@dataclass(frozen=True)
class Handoff:
    """The client's running transition, as far as the signals care."""

    windows: tuple[Window, ...]
    incoming: str = ""
    consent_required: bool = False
    consent_obtained_on: date | None = None
    missing_sign_offs: tuple[str, ...] = ()

    @property
    def start(self) -> date | None:
        return self.windows[0].start if self.windows else None

    @property
    def end(self) -> date | None:
        return self.windows[-1].end if self.windows else None


@dataclass(frozen=True)
class ClientFacts:
    """What the rules look at for one client on the roster."""

    id: int
    name: str
    owner: Owner | None = None
    owner_since: date | None = None
    """When the current owner took the account: the last handoff to them, else the start."""
    has_deputy: bool = False
    renewal_date: date | None = None
    relationship_start: date | None = None
    last_interaction: date | None = None
    satisfaction: tuple[tuple[date, int], ...] = ()
    """Scores by date, oldest first."""
    open_items: tuple[OpenItem, ...] = ()
    handoff: Handoff | None = None
    notes_in: frozenset[str] = field(default_factory=frozenset)
    """Note categories the client has at least one note in."""
    contacts_by_period: tuple[int, ...] = ()
    """Interactions logged in each of the last six periods of ``engagement_period_days``,
    oldest first (the last one ends today); empty when not read."""
    revenue: tuple[tuple[date, int], ...] = ()
    """Revenue in cents by snapshot date, oldest first."""
    renewal_outcome: tuple[date, str] | None = None
    """The latest renewal outcome recorded with a health snapshot, and its date."""
    contact_count: int | None = None
    """How many stakeholders are recorded for the client (None: not read)."""
    senior_contacts: int = 0
    """How many of them are senior (executive or senior on the stakeholder map)."""
    placed_contacts: int = 0
    """How many have a seniority recorded at all: without one, "no senior contact" is
    not known."""
    incoming_holds: int | None = None
    """During a handoff, how many contacts the incoming owner holds the relationship
    with (None: no handoff running, or not read)."""


@dataclass(frozen=True)
class Signal:
    """One reason a relationship needs attention."""

    client_id: int
    client: str
    kind: SignalKind
    severity: Severity
    message: str
    tab: str = "overview"
    """The client screen's tab where the user can act on it."""


def anniversary(start: date, years: int) -> date:
    """``start`` plus whole years; 29 February falls back to the 28th."""
    try:
        return start.replace(year=start.year + years)
    except ValueError:
        return start.replace(year=start.year + years, day=28)


def make_signal(
    facts: ClientFacts, kind: SignalKind, severity: Severity, message: str, tab: str
) -> Signal:
    return Signal(facts.id, facts.name, kind, severity, message, tab)
