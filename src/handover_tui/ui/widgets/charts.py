"""The dashboard's charts: workload bars and the handoff timeline, drawn for their width.

The layout comes from ``domain.charts`` (tested at every width); these widgets add the
theme's colours by glyph, and the timeline a row cursor so enter opens a handoff.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from handover_tui.domain import charts
from handover_tui.ui import keymap


def _colour(widget: Widget, name: str) -> Style:
    """The theme's colour ``name`` as a Rich style (any alpha dropped)."""
    from textual.color import Color

    value = widget.app.theme_variables.get(name)
    if not value:
        return Style()
    try:
        return Style(color=Color.parse(value).rich_color)
    except Exception:  # a theme with a colour Textual cannot parse: no colour, same glyphs
        return Style()


class WorkloadChart(Widget):
    """Active clients against capacity, one bar per owner, on one scale."""

    DEFAULT_CSS = """
    WorkloadChart {
        height: auto;
        padding: 0 1;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.people: list[tuple[str, int, int]] = []

    def show(self, people: Sequence[tuple[str, int, int]]) -> None:
        self.people = list(people)
        self.refresh(layout=True)

    def get_content_height(self, container, viewport, width: int) -> int:
        return len(self.people) + 1 if self.people else 1

    def render(self) -> Text:
        if not self.people:
            people = keymap.key(self.app, "dashboard.people", "p")  # the dashboard's key
            return Text(f"Nobody owns accounts yet: press {people} to add people.", style="italic")
        width = max(self.content_region.width, 20)
        load, over, free = (_colour(self, n) for n in ("success", "error", "foreground-muted"))
        text = Text()
        for line in charts.workload(self.people, width):
            text.append(line.name + " ")
            for glyph in line.bar:
                style = {charts.LOAD: load, charts.OVER: over, charts.FREE: free}.get(glyph)
                text.append(glyph, style or Style())
            text.append(" " + line.count, Style(bold=True) if line.over else Style())
            text.append("\n")
        legend = f"{charts.LOAD} load  {charts.FREE} free capacity  {charts.OVER} over capacity"
        text.append(charts.ellipsize(legend, width), "dim")
        return text


class TimelineChart(Widget, can_focus=True):
    """Running handoffs as phase bars on a date axis, today marked; enter opens one."""

    DEFAULT_CSS = """
    TimelineChart {
        height: auto;
        padding: 0 1;
    }
    """

    BINDINGS = [
        Binding("down,j", "move(1)", "Down", show=False, id="timeline.down"),
        Binding("up,k", "move(-1)", "Up", show=False, id="timeline.up"),
        Binding("enter", "open", "Open", id="timeline.open", tooltip="Open the handoff's plan"),
    ]

    cursor: reactive[int] = reactive(0)

    class Chosen(Message):
        """Enter on a handoff: ``index`` into the rows shown."""

        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows: list[charts.TimelineRow] = []
        self.today = date.today()

    def show(self, rows: Sequence[charts.TimelineRow], today: date) -> None:
        self.rows, self.today = list(rows), today
        self.cursor = min(self.cursor, max(len(self.rows) - 1, 0))
        self.refresh(layout=True)

    def get_content_height(self, container, viewport, width: int) -> int:
        return len(self.rows) + 3 if self.rows else 1

    def render(self) -> Text:
        if not self.rows:
            return Text("No handoff under way. Plan one with T on a client.", style="italic")
        width = max(self.content_region.width, 30)
        chart = charts.timeline(self.rows, self.today, width)
        accent = _colour(self, "accent")
        glyph_styles = {
            charts.PHASE_GLYPHS[phase]: _colour(self, name)
            for phase, name in zip(
                charts.PHASE_GLYPHS, ("secondary", "primary", "success"), strict=True
            )
        }
        text = Text(chart.axis + "\n", style="bold")
        for index, line in enumerate(chart.rows):
            row = Text()
            label_end = chart.label_width
            row.append(line[:label_end], Style(reverse=True) if self._selected(index) else "")
            for glyph in line[label_end:]:
                style = accent if glyph == charts.TODAY_GLYPH else glyph_styles.get(glyph)
                row.append(glyph, style or Style())
            text.append_text(row)
            text.append("\n")
        text.append(chart.marker + "\n", accent)
        text.append(chart.legend, "dim")
        return text

    def _selected(self, index: int) -> bool:
        return self.has_focus and index == self.cursor

    def watch_cursor(self) -> None:
        self.refresh()

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    def action_move(self, step: int) -> None:
        if self.rows:
            self.cursor = (self.cursor + step) % len(self.rows)

    def action_open(self) -> None:
        if self.rows:
            self.post_message(self.Chosen(self.cursor))
