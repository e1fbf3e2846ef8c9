"""The audit trail on screen: who did what, when, newest first, with the changed fields of
the highlighted entry below the list. :class:`ActivityView` is shared by the global
:class:`ActivityScreen` and the client screen's activity tab."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Header, Input, Static

from handover_tui.ui.background import run_db
from handover_tui.ui.messages import FollowsClients
from handover_tui.ui.widgets.footer import Footer
from handover_tui.ui.widgets.record_table import Column, RecordTable, fit, fit_columns

if TYPE_CHECKING:
    from handover_tui.services.audit import ActivityRow

WIDE: list[Column] = [
    ("when", "When", 16),
    ("who", "Who", 12),
    ("action", "Action", 8),
    ("what", "What", None),
]
# Below 100 cells the time takes its short form and the user's name less room.
NARROW: list[Column] = [
    ("when", "When", 12),
    ("who", "Who", 8),
    ("action", "Action", 8),
    ("what", "What", None),
]


def when_text(at: datetime, now: datetime, *, wide: bool) -> str:
    """Local time, short: ``14:05`` today, ``Nov 02 14:05`` this year, else the date."""
    local = at.astimezone()
    if wide:
        return local.strftime("%Y-%m-%d %H:%M")
    if local.date() == now.date():
        return local.strftime("today %H:%M")
    if local.year == now.year:
        return local.strftime("%b %d %H:%M")
    return local.date().isoformat()


def detail_text(row: ActivityRow | None, width: int, lines: int) -> Text:
    """The highlighted entry: its sentence, who and when, then ``field: old → new``."""
    if row is None:
        return Text("Nothing recorded yet.", style="italic")
    text = Text(row.summary, style="bold")
    where = f"{row.entity} #{row.entity_id}" if row.entity_id is not None else row.entity
    moment = row.at.astimezone().strftime("%Y-%m-%d %H:%M:%S")
    text.append(f"\n{moment} · {row.who or 'unknown user'} · {row.action} · {where}", "dim")
    changes = row.change_lines()
    shown = changes if len(changes) <= lines else changes[: max(lines - 1, 1)]
    for line in shown:
        text.append("\n")
        text.append_text(fit(line, width))
    if len(shown) < len(changes):
        more = len(changes) - len(shown)
        text.append(f"\n… and {more} more field{'s' if more > 1 else ''}", style="dim")
    if not changes:
        text.append("\nNo field values recorded.", style="dim italic")
    return text


class ActivityTable(RecordTable):
    """One entry of the trail per row, keyed by its id; newest first."""

    def columns_for(self, width: int) -> list[tuple[str, str, int]]:
        return fit_columns(width, WIDE if width >= 100 else NARROW, minimum=16)

    def show_rows(self, rows: list[ActivityRow], width: int, now: datetime) -> None:
        """Draw ``rows`` for a view ``width`` cells wide, the cursor kept on its entry."""
        keep = self.current_id
        columns = self.columns_for(width)
        if not self.use_columns(columns):
            self.clear()
        widths = {key: size for key, _title, size in columns}
        wide = widths["when"] >= 16
        for row in rows:
            cells = {
                "when": when_text(row.at, now, wide=wide),
                "who": fit(row.who, widths["who"]),
                "action": fit(row.action, widths["action"]),
                "what": fit(row.summary, widths["what"]),
            }
            self.add_row(*(cells[key] for key, _title, _size in columns), key=str(row.id))
        if keep is not None:
            self.move_to(keep)


class ActivityView(Vertical):
    """The list of entries and, under it, what the highlighted one changed."""

    DEFAULT_CSS = """
    ActivityView {
        height: 1fr;
    }
    ActivityView > .activity-empty {
        padding: 1 2;
        color: $text-muted;
        height: auto;
    }
    ActivityView > .activity-detail {
        height: auto;
        max-height: 12;
        padding: 0 1;
        border-top: solid $primary 50%;
    }
    """

    def __init__(self, *, table_id: str, empty: str, id: str | None = None) -> None:
        super().__init__(id=id)
        self.table_id = table_id
        self.empty = empty
        self.rows: dict[int, ActivityRow] = {}
        self.loaded = False

    def compose(self) -> ComposeResult:
        yield Static("Loading…", classes="activity-empty")
        yield ActivityTable(id=self.table_id)
        yield Static("", classes="activity-detail")

    @property
    def table(self) -> ActivityTable:
        return self.query_one(ActivityTable)

    def show(self, rows: list[ActivityRow], empty: str | None = None) -> None:
        """Put these entries on screen; ``empty`` says why there are none, if it differs."""
        self.loaded = True
        self.rows = {row.id: row for row in rows}
        self.table.show_rows(rows, self.size.width or self.screen.size.width, self._now())
        message = self.query_one(".activity-empty", Static)
        message.update(empty or self.empty)
        message.display = not rows
        self._show_detail()

    def _now(self) -> datetime:
        return datetime.now().astimezone()

    def on_resize(self) -> None:
        if self.loaded and self.table.use_columns(self.table.columns_for(self.size.width)):
            self.table.show_rows(list(self.rows.values()), self.size.width, self._now())
        self._show_detail()

    @on(DataTable.RowHighlighted)
    def _highlighted(self) -> None:
        self._show_detail()

    def _show_detail(self) -> None:
        detail = self.query_one(".activity-detail", Static)
        if not self.loaded:
            return
        row = self.rows.get(self.table.current_id or -1)
        detail.display = row is not None
        width = max((self.size.width or self.screen.size.width) - 2, 20)
        lines = max(self.screen.size.height // 4, 3)
        detail.update(detail_text(row, width, lines))


class ActivityScreen(FollowsClients, Screen):
    """Everything recorded on every client, newest first; ``/`` filters, ``enter`` opens
    the entry's client, ``escape`` goes back."""

    BINDINGS = [
        Binding("escape", "back", "Back", id="activity.back", tooltip="Back to where you were"),
        Binding(
            "slash",
            "focus_filter",
            "Filter",
            id="activity.filter",
            tooltip="Type to filter by what was done, who did it, or the client",
            priority=True,  # as on the roster: keys typed right behind it reach the filter
        ),
        Binding("q", "app.quit", "Quit", id="activity.quit", show=False),
    ]

    LIMIT = 500
    """Entries shown at most: the newest, matching the filter."""

    DEFAULT_CSS = """
    ActivityScreen #activity-filter {
        margin: 0;
        background: $boost;
    }
    ActivityScreen #activity-status {
        height: 1;
        padding: 0 1;
        color: $text-muted;
        background: $panel;
    }
    """

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(placeholder="/ filter activity…", id="activity-filter", compact=True)
        yield ActivityView(
            table_id="activity-all",
            empty="Nothing recorded yet: changes show here as they are made.",
        )
        yield Static("", id="activity-status")
        yield Footer()

    def on_mount(self) -> None:
        self.title = "handover"
        self.sub_title = "Activity"
        if self.app.is_headless:  # tests and screenshots: a blinking cursor is noise
            self.query_one("#activity-filter", Input).cursor_blink = False
        self.query_one(ActivityView).table.focus()
        self.follow_clients(lambda _client_id: self.load())
        self.load()

    @property
    def filter_text(self) -> str:
        return self.query_one("#activity-filter", Input).value

    def load(self) -> None:
        """Read the newest entries matching the filter (in a worker)."""
        from handover_tui.services import audit

        text, limit = self.filter_text, self.LIMIT
        run_db(
            self,
            lambda db: audit.list_activity(db, text=text, limit=limit),
            lambda rows: self._show(rows, text),
            group="activity",
            exclusive=True,
        )

    def _show(self, rows: list[ActivityRow], text: str) -> None:
        empty = f"Nothing recorded matches “{text}”. Escape clears the filter." if text else None
        self.query_one(ActivityView).show(rows, empty)
        noun = "entry" if len(rows) == 1 else "entries"
        newest = "the newest " if len(rows) >= self.LIMIT else ""
        matching = f" matching “{text}”" if text else ""
        self.query_one("#activity-status", Static).update(
            f"{newest}{len(rows)} {noun}{matching} · newest first · enter opens the client"
        )

    def on_screen_resume(self) -> None:
        self.load()  # what was done elsewhere since

    @on(DataTable.RowSelected, "#activity-all")
    def _chosen(self) -> None:
        """Enter on an entry opens the client it concerns."""
        view = self.query_one(ActivityView)
        row = view.rows.get(view.table.current_id or -1)
        if row is None or row.client_id is None:
            self.notify("This entry concerns no client.", severity="warning")
            return
        self.app.open_client(row.client_id)

    @on(Input.Changed, "#activity-filter")
    def _filter_changed(self) -> None:
        self.load()

    @on(Input.Submitted, "#activity-filter")
    def _filter_done(self) -> None:
        self.query_one(ActivityView).table.focus()

    def on_key(self, event: Any) -> None:
        if event.key == "down" and self.query_one("#activity-filter", Input).has_focus:
            self.query_one(ActivityView).table.focus()
            event.stop()

    def action_focus_filter(self) -> None:
        box = self.query_one("#activity-filter", Input)
        if box.has_focus:  # the priority binding took the key from the box
            box.insert_text_at_cursor("/")
            return
        self.set_focus(box)

    def action_back(self) -> None:
        """Clear a filter first (back to the list); with none, leave the screen."""
        filter_input = self.query_one("#activity-filter", Input)
        if filter_input.has_focus or filter_input.value:
            filter_input.value = ""
            self.query_one(ActivityView).table.focus()
            return
        self.app.pop_screen()

    def palette_commands(self) -> Iterable[SystemCommand]:
        yield SystemCommand(
            "Filter activity",
            "By what was done, who did it, or the client",
            self.action_focus_filter,
        )
        yield SystemCommand("Back", "Close the activity list", self.action_back)


__all__ = ["ActivityScreen", "ActivityTable", "ActivityView", "detail_text", "when_text"]
