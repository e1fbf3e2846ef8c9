"""Text charts: a satisfaction sparkline, workload bars and the handoff timeline.

Pure layout over plain values, laid out for a given width, so a test can check that
nothing overlaps or is cut at 80 columns. Meaning is carried by the glyphs (and words),
never by colour alone; a screen may add colour on top by glyph.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from handover_tui.domain.plan import Window
from handover_tui.domain.vocab import Phase

SPARKS = "▁▂▃▄▅▆▇█"

LOAD, FREE, OVER = "█", "░", "▓"
PHASE_GLYPHS = {Phase.PREPARATION: "▒", Phase.EXECUTION: "█", Phase.SUPPORT: "░"}
TODAY_GLYPH = "┊"
LEGEND = "▒ preparation  █ execution  ░ support  ┊ today"
SHORT_LEGEND = "▒ prep █ exec ░ support ┊ today"
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def sparkline(values: Sequence[int], low: int = 0, high: int = 10) -> str:
    """One block character per value, ``low`` the lowest block and ``high`` the highest."""
    span = max(high - low, 1)
    top = len(SPARKS) - 1
    return "".join(SPARKS[round((min(max(v, low), high) - low) / span * top)] for v in values)


def ellipsize(text: str, width: int) -> str:
    """``text`` in at most ``width`` cells, cut with an ellipsis."""
    if width <= 0:
        return ""
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


# -- workload -------------------------------------------------------------------------------


@dataclass(frozen=True)
class WorkloadLine:
    name: str
    bar: str
    count: str
    over: bool


def workload(people: Sequence[tuple[str, int, int]], width: int) -> list[WorkloadLine]:
    """Bars of active clients against capacity for ``(name, active, capacity)``.

    ``█`` is load within capacity, ``░`` free room, ``▓`` load past capacity; one scale
    for everyone, so bars compare. Each line is exactly ``width`` cells.
    """
    if not people:
        return []
    name_width = min(max(len(name) for name, _a, _c in people), 18, max(width // 4, 6))
    counts = [_count(active, capacity) for _n, active, capacity in people]
    count_width = max(len(text) for text in counts)
    bar_width = max(width - name_width - count_width - 2, 4)
    top = max(max(active, capacity) for _n, active, capacity in people) or 1
    lines = []
    for (name, active, capacity), count in zip(people, counts, strict=True):
        load = round(active * bar_width / top)
        limit = round(capacity * bar_width / top) if capacity else load
        if capacity and active > capacity:
            bar = LOAD * limit + OVER * max(load - limit, 1)
        else:
            bar = LOAD * load + FREE * max(limit - load, 0)
        lines.append(
            WorkloadLine(
                name=ellipsize(name, name_width).ljust(name_width),
                bar=bar[:bar_width].ljust(bar_width),
                count=count.rjust(count_width),
                over=bool(capacity) and active > capacity,
            )
        )
    return lines


def _count(active: int, capacity: int) -> str:
    if not capacity:
        return f"{active} (no cap)"
    if active > capacity:
        return f"{active}/{capacity} over by {active - capacity}"
    return f"{active}/{capacity}"


# -- the timeline ---------------------------------------------------------------------------


@dataclass(frozen=True)
class TimelineRow:
    label: str
    windows: tuple[Window, ...]
    note: str = ""
    """Short text at the right: progress, or "paused"."""


@dataclass(frozen=True)
class Timeline:
    """The chart as lines of text, each exactly the width asked for."""

    axis: str
    rows: list[str]
    marker: str
    legend: str
    label_width: int
    today_column: int | None
    """The cell (from the line's start) that holds today, if today is in range."""


def timeline(rows: Sequence[TimelineRow], today: date, width: int) -> Timeline:
    """Phases as bars on a shared date axis with month labels and today marked."""
    label_width = min(max((len(row.label) for row in rows), default=6), 24, max(width // 4, 8))
    note_width = max((len(row.note) for row in rows), default=0)
    chart = max(width - label_width - 1 - (note_width + 1 if note_width else 0), 10)
    starts = [row.windows[0].start for row in rows if row.windows] + [today]
    ends = [row.windows[-1].end for row in rows if row.windows] + [today]
    first, last = min(starts), max(ends)
    days = (last - first).days + 1
    per_cell = max(days / chart, 1.0) if days > chart else days / chart

    def day_of(cell: int) -> date:
        return first + timedelta(days=int((cell + 0.5) * per_cell))

    def cell_of(day: date) -> int:
        return min(int((day - first).days / per_cell), chart - 1)

    today_cell = cell_of(today)
    lines = []
    for row in rows:
        cells = []
        for cell in range(chart):
            day = day_of(cell)
            glyph = next(
                (PHASE_GLYPHS[w.phase] for w in row.windows if w.start <= day <= w.end), " "
            )
            if cell == today_cell and glyph == " ":
                glyph = TODAY_GLYPH
            cells.append(glyph)
        note = f" {row.note.rjust(note_width)}" if note_width else ""
        lines.append(
            f"{ellipsize(row.label, label_width).ljust(label_width)} {''.join(cells)}{note}"
        )
    pad = " " * (label_width + 1)
    tail = " " * (width - label_width - 1 - chart)
    axis = pad + _month_axis(first, chart, cell_of, day_of) + tail
    marker = pad + _today_marker(today, today_cell, chart) + tail
    legend = LEGEND if len(LEGEND) <= width else SHORT_LEGEND
    legend = ellipsize(legend, width).ljust(width)
    return Timeline(axis, lines, marker, legend, label_width, label_width + 1 + today_cell)


def _month_axis(
    first: date, chart: int, cell_of: Callable[[date], int], day_of: Callable[[int], date]
) -> str:
    """Month names where each month starts; a label that would overlap is left out."""
    axis = [" "] * chart
    last = day_of(chart - 1)
    month = date(first.year, first.month, 1)
    free_from = 0
    while month <= last:
        if month >= first:
            cell = cell_of(month)
            label = MONTHS[month.month - 1] + (f" {month.year}" if month.month == 1 else "")
            if cell >= free_from and cell + len(label) <= chart:
                axis[cell : cell + len(label)] = label
                free_from = cell + len(label) + 1
        month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return "".join(axis)


def _today_marker(today: date, cell: int, chart: int) -> str:
    """``▲ today 23 Nov`` under today's cell, turned to the left near the right edge."""
    text = f"today {today.day} {MONTHS[today.month - 1]}"
    if cell + 2 + len(text) <= chart:
        line = " " * cell + "▲ " + text
    elif cell >= len(text) + 1:
        line = " " * (cell - len(text) - 1) + text + " ▲"
    else:
        line = " " * cell + "▲"
    return line[:chart].ljust(chart)
