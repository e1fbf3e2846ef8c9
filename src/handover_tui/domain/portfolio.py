"""Moving a portfolio: who takes over which client when an owner leaves, sheds load or
rotates, and what the handoff's phases look like against a last day.

Pure functions over plain values. The rules, in one line each:

- Load is the clients someone carries, each weighed by its complexity (1 to 5).
- A receiver with room (capacity set, load below it) is always chosen before anyone
  full: nobody is pushed over capacity while someone else has room.
- Among those with room, the one least full after taking the client wins; a receiver
  who fits the client wins unless they would be more than ``FIT_PULL`` fuller for each
  way they fit: they know its industry (listed on their profile, or owning clients of
  it), speak one of its languages, or share working hours with its time zone
  (``domain.profiles``).
- When everyone is full, the client goes to whoever ends up least over capacity, and
  the move is flagged. People without a capacity come last.
- Ties go to the name, then the id, so the same data always gives the same proposal.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from handover_tui.domain import profiles
from handover_tui.domain.formatting import plural
from handover_tui.domain.plan import DEFAULT_DAYS, Window, default_windows
from handover_tui.domain.profiles import Fit
from handover_tui.domain.signals import anniversary
from handover_tui.domain.vocab import Phase, TransitionReason

FIT_PULL = 0.15
"""How much fuller (as a share of capacity) an owner may be, for each way they fit the
client (industry, language, working hours), and still be preferred to one who does not."""
INDUSTRY_PULL = FIT_PULL

MIN_DAYS = 3
"""The shortest handoff that still has a day for each phase."""


@dataclass(frozen=True)
class Receiver:
    """Someone who can take clients over, with what they carry now."""

    id: int
    name: str
    capacity: int = 0
    """Accounts they can carry; 0 when not set."""
    load: int = 0
    """Clients they own or are taking over now, weighed by complexity."""
    industries: frozenset[str] = frozenset()
    """Industries on their profile and of the clients they own (lower case)."""
    languages: frozenset[str] = frozenset()
    """Languages they speak (lower case)."""
    time_zone: str = ""

    def knows(self, industry: str) -> bool:
        return bool(industry) and industry.casefold() in self.industries

    def fit(self, account: Account, on: date | None) -> Fit:
        """How they suit the client, and why."""
        return profiles.fit(
            account.industry,
            account.languages,
            account.time_zone,
            self.industries,
            self.languages,
            self.time_zone,
            on,
        )


@dataclass(frozen=True)
class Account:
    """A client that may move, as far as the proposal cares."""

    id: int
    name: str
    owner_id: int | None = None
    owner: str = ""
    industry: str = ""
    renewal_date: date | None = None
    risk: int = 0
    """Higher is riskier: the client's signals and lifecycle stage, weighed."""
    owner_since: date | None = None
    weight: int = 1
    """What the client counts for against capacity (its complexity, 1 to 5)."""
    languages: str = ""
    time_zone: str = ""


@dataclass(frozen=True)
class Move:
    """One client to one incoming owner, with what is worth knowing about it."""

    account: Account
    incoming_id: int | None
    incoming: str = ""
    over_capacity: bool = False
    """Taking this client puts the incoming owner over their capacity."""
    fit: Fit = field(default_factory=Fit)
    """Why the incoming owner suits the client (industry, language, working hours)."""
    renewal_in_window: Phase | None = None
    """The phase the client's renewal falls in, if it falls inside the handoff."""

    def flags(self) -> list[str]:
        """What the proposal table says about the move, a few words each."""
        found = []
        if self.incoming_id is None:
            found.append("nobody to take it")
        if self.over_capacity:
            found.append("▲ over capacity")
        if self.renewal_in_window is not None:
            renewal = self.account.renewal_date
            when = renewal.isoformat() if renewal else ""
            found.append(f"renewal {when} in {self.renewal_in_window.label.lower()}")
        found.extend(self.fit.reasons)
        return found

    @property
    def industry_match(self) -> bool:
        return bool(self.fit.industry)


@dataclass(frozen=True)
class Proposal:
    """A set of handoffs planned together, to edit before they are created."""

    title: str
    reason: TransitionReason
    start: date
    days: tuple[int, int, int]
    """Lengths of preparation, execution and support, in days."""
    moves: tuple[Move, ...]
    receivers: tuple[Receiver, ...]
    last_day: date | None = None
    note: str = ""
    """Why the list holds what it holds (or why it is empty)."""

    @property
    def windows(self) -> list[Window]:
        return default_windows(self.start, dict(zip(Phase, self.days, strict=True)))

    @property
    def end(self) -> date:
        return self.windows[-1].end

    @property
    def ready(self) -> list[Move]:
        """The moves that can be created (someone takes the client)."""
        return [move for move in self.moves if move.incoming_id is not None]

    def loads(self) -> dict[int, int]:
        """Each receiver's load once every move of the proposal is made."""
        loads = {receiver.id: receiver.load for receiver in self.receivers}
        for move in self.moves:
            if move.incoming_id in loads:
                loads[move.incoming_id] += move.account.weight
        return loads

    def choices_for(self, move: Move) -> list[Receiver]:
        """Who may take this client: anyone but its current owner, by name."""
        return [r for r in self.receivers if r.id != move.account.owner_id]

    def with_incoming(self, index: int, incoming_id: int) -> Proposal:
        """The same proposal with another incoming owner on one row."""
        moves = list(self.moves)
        moves[index] = replace(moves[index], incoming_id=incoming_id)
        return replace(self, moves=assess(moves, self.receivers, self.windows))

    def cycle(self, index: int, step: int) -> Proposal:
        """Give row ``index`` the next (``step`` 1) or previous (-1) possible owner."""
        move = self.moves[index]
        choices = self.choices_for(move)
        if not choices:
            return self
        ids = [r.id for r in choices]
        at = ids.index(move.incoming_id) if move.incoming_id in ids else (-1 if step > 0 else 0)
        return self.with_incoming(index, ids[(at + step) % len(ids)])

    def without(self, index: int) -> Proposal:
        """The proposal with one client left out (it stays where it is)."""
        moves = [move for i, move in enumerate(self.moves) if i != index]
        return replace(self, moves=assess(moves, self.receivers, self.windows))


def _key_text(receiver: Receiver) -> tuple[str, int]:
    return receiver.name.casefold(), receiver.id


def _pick(
    account: Account, options: Sequence[Receiver], loads: dict[int, int], on: date | None
) -> Receiver:
    weight = account.weight
    fits = {r.id: r.fit(account, on).score for r in options}
    roomy = [r for r in options if r.capacity > 0 and loads[r.id] + weight <= r.capacity]
    if roomy:

        def balanced(r: Receiver) -> tuple[float, int, str, int]:
            fill = (loads[r.id] + weight) / r.capacity
            pull = FIT_PULL * fits[r.id]
            return (round(fill - pull, 9), loads[r.id], *_key_text(r))

        return min(roomy, key=balanced)

    def least_over(r: Receiver) -> tuple[int, int, float, int, str, int]:
        if r.capacity <= 0:
            return (1, loads[r.id], 0.0, -fits[r.id], *_key_text(r))
        over = loads[r.id] + weight - r.capacity
        ratio = (loads[r.id] + weight) / r.capacity
        return (0, over, ratio, -fits[r.id], *_key_text(r))

    return min(options, key=least_over)


def assign(
    accounts: Iterable[Account], receivers: Sequence[Receiver], on: date | None = None
) -> list[Move]:
    """An incoming owner for each account, in the order given (see the module's rules);
    working hours are compared on day ``on`` (None: not compared)."""
    loads = {receiver.id: receiver.load for receiver in receivers}
    moves = []
    for account in accounts:
        options = [r for r in receivers if r.id != account.owner_id]
        if not options:
            moves.append(Move(account, None))
            continue
        chosen = _pick(account, options, loads, on)
        loads[chosen.id] += account.weight
        moves.append(Move(account, chosen.id))
    return moves


def assess(
    moves: Iterable[Move], receivers: Sequence[Receiver], windows: Sequence[Window]
) -> tuple[Move, ...]:
    """Name the incoming owners and set each move's flags, in order: a move is over
    capacity when its receiver, counting the moves before it, has no room left."""
    by_id = {receiver.id: receiver for receiver in receivers}
    loads = {receiver.id: receiver.load for receiver in receivers}
    on = windows[0].start if windows else None
    assessed = []
    for move in moves:
        receiver = by_id.get(move.incoming_id) if move.incoming_id is not None else None
        if receiver is None:
            assessed.append(
                replace(move, incoming_id=None, incoming="", over_capacity=False, fit=Fit())
            )
            continue
        loads[receiver.id] += move.account.weight
        assessed.append(
            replace(
                move,
                incoming=receiver.name,
                over_capacity=receiver.capacity > 0 and loads[receiver.id] > receiver.capacity,
                fit=receiver.fit(move.account, on),
                renewal_in_window=renewal_phase(windows, move.account.renewal_date),
            )
        )
    return tuple(assessed)


def renewal_phase(windows: Sequence[Window], renewal: date | None) -> Phase | None:
    """The phase a renewal falls in, or None when it falls outside the handoff."""
    if renewal is None:
        return None
    return next((w.phase for w in windows if w.contains(renewal)), None)


def phase_days(start: date, last_day: date | None) -> tuple[int, int, int]:
    """Phase lengths that end the handoff on ``last_day`` at the latest: the usual
    lengths when they fit, else each shortened in proportion (a day at least)."""
    usual = tuple(DEFAULT_DAYS[phase] for phase in Phase)
    if last_day is None:
        return usual  # type: ignore[return-value]
    room = (last_day - start).days + 1
    if room < MIN_DAYS:
        raise ValueError(
            f"The last day must be at least {MIN_DAYS} days from the start "
            f"({(start + timedelta(days=MIN_DAYS - 1)).isoformat()} or later)."
        )
    total = sum(usual)
    if room >= total:
        return usual  # type: ignore[return-value]
    preparation = max(1, round(usual[0] * room / total))
    support = max(1, round(usual[2] * room / total))
    execution = max(1, room - preparation - support)
    return preparation, execution, support


def _proposal(
    title: str,
    reason: TransitionReason,
    accounts: Sequence[Account],
    receivers: Sequence[Receiver],
    start: date,
    last_day: date | None = None,
    note: str = "",
) -> Proposal:
    days = phase_days(start, last_day)
    ordered = tuple(sorted(receivers, key=_key_text))
    empty = Proposal(title, reason, start, days, (), ordered, last_day, note)
    moves = assess(assign(accounts, ordered, start), ordered, empty.windows)
    return replace(empty, moves=moves)


def _by_name(accounts: Iterable[Account]) -> list[Account]:
    return sorted(accounts, key=lambda a: (a.name.casefold(), a.id))


def owner_leaving(
    leaving: Receiver,
    accounts: Sequence[Account],
    receivers: Sequence[Receiver],
    start: date,
    last_day: date,
) -> Proposal:
    """Every client of an owner who leaves on ``last_day``, spread over the others,
    with phases that end by then."""
    others = [r for r in receivers if r.id != leaving.id]
    return _proposal(
        f"{leaving.name} leaves on {last_day.isoformat()}",
        TransitionReason.OWNER_LEAVING,
        _by_name(accounts),
        others,
        start,
        last_day,
        "" if accounts else f"{leaving.name} has no active client without a handoff.",
    )


def to_shed(
    owner: Receiver, accounts: Sequence[Account], leaving_already: int = 0
) -> list[Account]:
    """Which clients an owner over capacity hands on: enough to bring their load (less
    what is already on its way out) back to capacity, taken lowest risk first, then
    furthest from renewal (no renewal date counts as furthest), then by name."""
    if owner.capacity <= 0:
        return []
    excess = owner.load - owner.capacity - leaving_already
    if excess <= 0:
        return []
    far = date.max

    def order(account: Account) -> tuple[int, int, str, int]:
        renewal = account.renewal_date or far
        return (account.risk, -renewal.toordinal(), account.name.casefold(), account.id)

    chosen = []
    for account in sorted(accounts, key=order):
        if excess <= 0:
            break
        chosen.append(account)
        excess -= account.weight
    return chosen


def rebalance(
    owner: Receiver,
    accounts: Sequence[Account],
    receivers: Sequence[Receiver],
    start: date,
    leaving_already: int = 0,
) -> Proposal:
    """Bring an owner back to capacity: the clients :func:`to_shed` picks, spread over
    the others."""
    chosen = to_shed(owner, accounts, leaving_already)
    others = [r for r in receivers if r.id != owner.id]
    if owner.capacity <= 0:
        note = f"{owner.name} has no capacity set, so nothing counts as too much."
    elif not chosen:
        note = f"{owner.name} carries {owner.load} of {owner.capacity}: nothing to move."
    else:
        note = f"{owner.name} carries {owner.load} of {owner.capacity}."
    return _proposal(
        f"Rebalance {owner.name}", TransitionReason.WORKLOAD, chosen, others, start, note=note
    )


def due_for_rotation(accounts: Iterable[Account], today: date, years: int) -> list[Account]:
    """Clients whose owner has held them ``years`` or longer, longest first."""
    due = [
        a
        for a in accounts
        if a.owner_id is not None
        and a.owner_since is not None
        and anniversary(a.owner_since, years) <= today
    ]
    return sorted(due, key=lambda a: (a.owner_since, a.name.casefold(), a.id))


def rotation(
    accounts: Sequence[Account],
    receivers: Sequence[Receiver],
    today: date,
    years: int,
) -> Proposal:
    """A new owner for every client past the rotation interval."""
    due = due_for_rotation(accounts, today, years)
    interval = f"{years} year" if years == 1 else f"{years} years"
    note = "" if due else f"No client has had the same owner for {interval} or more."
    return _proposal(
        f"Rotation: same owner for {interval} or more",
        TransitionReason.ROTATION,
        due,
        receivers,
        today,
        note=note,
    )


def spread(
    accounts: Sequence[Account],
    receivers: Sequence[Receiver],
    start: date,
    reason: TransitionReason = TransitionReason.WORKLOAD,
) -> Proposal:
    """Any chosen clients, spread over the given receivers by the same rules."""
    return _proposal(
        f"Spread {plural(len(accounts), 'client')}", reason, _by_name(accounts), receivers, start
    )


def to_one(
    accounts: Sequence[Account],
    receiver: Receiver,
    start: date,
    reason: TransitionReason = TransitionReason.WORKLOAD,
    last_day: date | None = None,
) -> Proposal:
    """Every chosen client to one incoming owner (those they own already left out), with
    phases that end by ``last_day`` when one is given."""
    theirs = [a for a in accounts if a.owner_id == receiver.id]
    note = (
        f"{', '.join(a.name for a in theirs)}: already {receiver.name}'s, left out."
        if theirs
        else ""
    )
    empty = Proposal(
        f"{plural(len(accounts) - len(theirs), 'client')} to {receiver.name}",
        reason,
        start,
        phase_days(start, last_day),
        (),
        (receiver,),
        last_day,
        note,
    )
    moves = [Move(a, receiver.id) for a in _by_name(accounts) if a.owner_id != receiver.id]
    return replace(empty, moves=assess(moves, (receiver,), empty.windows))


def started_text(proposal: Proposal) -> str:
    """``Started 3 transitions to Daniel Brandt (2) and Priya Raman (1).``"""
    counts: dict[str, int] = {}
    for move in proposal.ready:
        counts[move.incoming] = counts.get(move.incoming, 0) + 1
    started = plural(sum(counts.values()), "transition")
    if len(counts) == 1:
        return f"Started {started} to {next(iter(counts))}."
    parts = [f"{name} ({counts[name]})" for name in sorted(counts, key=str.casefold)]
    return f"Started {started} to {', '.join(parts[:-1])} and {parts[-1]}."


def plan_lines(proposal: Proposal, outgoing: str = "") -> list[str]:
    """The proposal as plain lines, for a terminal: dates, then one line per client."""
    windows = proposal.windows
    lengths = ", ".join(f"{w.phase.value} {(w.end - w.start).days + 1} d" for w in windows)
    origin = f" from {outgoing}" if outgoing else ""
    lines = [
        f"{proposal.title}: {plural(len(proposal.moves), 'handoff')}{origin}, "
        f"{windows[0].start.isoformat()} to {windows[-1].end.isoformat()} ({lengths}).",
    ]
    if proposal.note:
        lines.append(proposal.note)
    width = max((len(m.account.name) for m in proposal.moves), default=0)
    for move in proposal.moves:
        flags = "; ".join(move.flags())
        lines.append(
            f"  #{move.account.id:<5} {move.account.name:<{width}}  → {move.incoming or '-'}"
            + (f"  ({flags})" if flags else "")
        )
    return lines
