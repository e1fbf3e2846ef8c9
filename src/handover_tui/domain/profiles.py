"""What an owner brings and what a client needs: industries, languages, working hours.

Lists (skills, industries, languages) are kept comma-separated as typed and compared
ignoring case. Working hours are 9:00 to 17:00 local time in each time zone; two zones
overlap when at least :data:`MIN_SHARED_HOURS` of those hours fall at the same time on
the day compared (so daylight saving time is taken into account).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from handover_tui.domain.field_values import MAX_NAME, stripped
from handover_tui.domain.terminal import control_in

WORK_START, WORK_END = time(9), time(17)
MIN_SHARED_HOURS = 2
"""Working hours two time zones must share for an owner to count as reachable."""


def word_list(value: Any) -> str:
    """A comma-separated list as typed: trimmed, duplicates (any case) dropped."""
    if isinstance(value, list | tuple):
        parts = [str(part) for part in value]
    else:
        parts = stripped(value).split(",")
    seen: dict[str, str] = {}
    for part in parts:
        word = " ".join(part.split())
        found = control_in(word)
        if found is not None:
            raise ValueError(f"Remove the control character {found}.")
        if word and word.casefold() not in seen:
            seen[word.casefold()] = word
    text = ", ".join(seen.values())
    if len(text) > MAX_NAME:
        raise ValueError(f"Keep the list under {MAX_NAME} characters in all.")
    return text


def words(text: str) -> list[str]:
    """The entries of a stored list, as typed."""
    return [part.strip() for part in text.split(",") if part.strip()]


def folded(text: str) -> frozenset[str]:
    """The entries of a stored list, for comparing (case ignored)."""
    return frozenset(word.casefold() for word in words(text))


def _zone(name: str) -> ZoneInfo | None:
    try:
        return ZoneInfo(name) if name.strip() else None
    except (ZoneInfoNotFoundError, ValueError):
        return None


def shared_hours(first: str, second: str, on: date) -> float | None:
    """Hours of the working day the two zones share on ``on``; None when one is unknown."""
    a, b = _zone(first), _zone(second)
    if a is None or b is None:
        return None
    start_a = datetime.combine(on, WORK_START, a)
    end_a = datetime.combine(on, WORK_END, a)
    best = 0.0
    for shift in (-1, 0, 1):  # the other zone's working day nearest in time
        day = on + timedelta(days=shift)
        start_b, end_b = datetime.combine(day, WORK_START, b), datetime.combine(day, WORK_END, b)
        overlap = (min(end_a, end_b) - max(start_a, start_b)).total_seconds() / 3600
        best = max(best, overlap)
    return best


@dataclass(frozen=True)
class Fit:
    """Why an owner suits a client: each part a short reason, empty when it does not."""

    industry: str = ""
    language: str = ""
    hours: str = ""

    @property
    def reasons(self) -> list[str]:
        return [reason for reason in (self.industry, self.language, self.hours) if reason]

    @property
    def score(self) -> int:
        return len(self.reasons)


def fit(
    industry: str,
    client_languages: str,
    client_zone: str,
    industries: frozenset[str],
    languages: frozenset[str],
    zone: str,
    on: date | None,
) -> Fit:
    """How an owner who knows ``industries`` (folded), speaks ``languages`` (folded) and
    works in ``zone`` suits a client on day ``on`` (None: hours not compared); the
    reasons read as a proposal table shows them."""
    knows = bool(industry.strip()) and industry.strip().casefold() in industries
    spoken = [word for word in words(client_languages) if word.casefold() in languages]
    hours = shared_hours(zone, client_zone, on) if on is not None else None
    if hours is None or hours < MIN_SHARED_HOURS:
        overlap = ""
    elif zone == client_zone:
        overlap = "same time zone"
    else:
        overlap = f"{round(hours)} h of shared hours"
    return Fit(
        industry="knows the industry" if knows else "",
        language=f"speaks {spoken[0]}" if spoken else "",
        hours=overlap,
    )
