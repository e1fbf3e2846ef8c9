"""When the exported calendar reminds, and when meeting rhythms fall: the ``timezone``
setting and the ``[calendar]`` table of ``config.toml``, and the times they give.

Dates in the database have no time; these settings give them one in the user's time zone
(by default the system's: a shared server often runs in UTC while its users do not).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

# The [calendar] keys and what each must be, for messages.
CALENDAR_KEYS = {
    "alarm_days_before": "a whole number of days, 0 or more",
    "alarm_time": 'a time of day as "HH:MM"',
    "meeting_time": 'a time of day as "HH:MM"',
    "meeting_minutes": "a whole number of minutes, 5 to 480",
}


def local_zone_name() -> str:
    """The system's time zone (IANA name), found by ``tzlocal``; UTC when it has none."""
    try:
        from tzlocal import get_localzone_name

        name = get_localzone_name()
    except Exception:  # no zone configured at all (some containers)
        return "UTC"
    return name or "UTC"


def zone_named(name: str) -> ZoneInfo:
    """The zone ``name`` names; ValueError saying so when there is none."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"'{name}' is not a time zone (e.g. Europe/Berlin)") from None


def _clock(value: Any) -> time:
    if isinstance(value, time):
        return value.replace(second=0, microsecond=0)
    if isinstance(value, str):
        try:
            return time.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ValueError(CALENDAR_KEYS["alarm_time"])


@dataclass(frozen=True)
class CalendarOptions:
    """How the calendar export gives dates a time, and when it reminds."""

    timezone: str = ""
    """IANA time zone name; "" is the system's."""
    alarm_days_before: int = 1
    alarm_time: time = time(9, 0)
    meeting_time: time = time(10, 0)
    meeting_minutes: int = 30
    problems: tuple[tuple[str, str], ...] = field(default=(), compare=False)
    """(key, message) for each setting refused; its default is used instead."""

    @classmethod
    def read(cls, timezone: str, table: Mapping[str, Any]) -> CalendarOptions:
        """Options from the settings file; a bad value keeps its default and is named."""
        problems: list[tuple[str, str]] = []
        values: dict[str, Any] = {}
        if timezone:
            try:
                zone_named(timezone)
                values["timezone"] = timezone
            except ValueError as error:
                problems.append(("timezone", f"{error}; using the system's."))
        for key, value in table.items():
            if key not in CALENDAR_KEYS:
                problems.append((key, f"is not a calendar setting ({', '.join(CALENDAR_KEYS)})."))
                continue
            try:
                values[key] = _checked(key, value)
            except ValueError:
                problems.append((key, f"must be {CALENDAR_KEYS[key]}; using the default."))
        return cls(**values, problems=tuple(problems))

    def zone(self) -> ZoneInfo:
        return zone_named(self.timezone or local_zone_name())

    def alarm_at(self, day: date) -> datetime:
        """When to be reminded of something due on ``day``, in UTC."""
        local = datetime.combine(
            day - timedelta(days=self.alarm_days_before), self.alarm_time, self.zone()
        )
        return local.astimezone(UTC)

    def meeting_start(self, day: date) -> datetime:
        """A meeting on ``day`` at the meeting time, in the user's zone."""
        return datetime.combine(day, self.meeting_time, self.zone())


def _checked(key: str, value: Any) -> Any:
    if key.endswith("_time"):
        return _clock(value)
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(key)
    low, high = (0, 365) if key == "alarm_days_before" else (5, 480)
    if not low <= value <= high:
        raise ValueError(key)
    return value


def recurrence(every_days: int, last: date, zone: ZoneInfo) -> dict[str, Any]:
    """The RRULE of a rhythm of ``every_days`` until the end of ``last``:
    weekly when it is whole weeks (calendars show "every 2 weeks"), else daily."""
    every = max(every_days, 1)
    until = datetime.combine(last, time(23, 59, 59), zone).astimezone(UTC)
    if every % 7 == 0:
        return {"freq": "weekly", "interval": every // 7, "until": until}
    return {"freq": "daily", "interval": every, "until": until}


__all__ = [
    "CALENDAR_KEYS",
    "CalendarOptions",
    "local_zone_name",
    "recurrence",
    "zone_named",
]
