"""Loose ends of a handoff: what is still to settle, who holds it, by when, and how it
ended (done, or dropped with a reason). Pure rules over plain values.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from handover_tui.domain.vocab import SIDE_LABELS, LooseEndState

# A list marker a line of old summary text may start with ("- ", "* ", "• ", "1. ").
_MARKER = re.compile(r"^\s*(?:[-*•]|\d{1,3}[.)])\s+")
TITLE_LENGTH = 300


def summary_lines(text: str) -> list[tuple[str, str]]:
    """Free text of loose ends (one a line) as ``(title, notes)`` pairs: each non-empty
    line without its list marker; a line too long for a title keeps its whole text in
    the notes."""
    found = []
    for line in text.splitlines():
        kept = _MARKER.sub("", line).strip() or line.strip()
        if not kept:
            continue
        if len(kept) > TITLE_LENGTH:
            found.append((kept[: TITLE_LENGTH - 1] + "…", kept))
        else:
            found.append((kept, ""))
    return found


def is_settled(state: str) -> bool:
    """Done or dropped: nothing left to do about it."""
    return state in (LooseEndState.DONE, LooseEndState.DROPPED)


def is_overdue(state: str, due_on: date | None, today: date) -> bool:
    return state == LooseEndState.OPEN and due_on is not None and due_on < today


def holder_text(holder: str, contact: str = "", person: str = "") -> str:
    """Who holds it, as a reader says it: ``Maya Lindqvist (outgoing owner)``,
    ``Jane Doe (client)``, or the side alone when no name is known."""
    label = SIDE_LABELS.get(holder, holder.replace("_", " ").capitalize() or "Nobody")
    name = contact if holder == "client" else person
    return f"{name} ({label.lower()})" if name.strip() else label


def state_text(state: str, closed_on: date | None, reason: str = "") -> str:
    """``Open``, ``Done 2026-11-20``, ``Dropped 2026-11-20: the client withdrew``."""
    if state == LooseEndState.DONE:
        return f"Done {closed_on.isoformat()}" if closed_on else "Done"
    if state == LooseEndState.DROPPED:
        text = f"Dropped {closed_on.isoformat()}" if closed_on else "Dropped"
        return f"{text}: {reason.strip()}" if reason.strip() else text
    return "Open"


@dataclass(frozen=True)
class Tally:
    """How many loose ends there are, and how many are settled."""

    settled: int
    total: int

    @property
    def open(self) -> int:
        return self.total - self.settled


def tally(states: list[str]) -> Tally:
    return Tally(sum(is_settled(state) for state in states), len(states))
