"""The dashboard: what needs attention today, what is due, who is overloaded, and where
each running handoff stands. The team lead's first screen."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from textual import on
from textual.actions import SkipAction
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Container, Vertical
from textual.widgets import DataTable, Header, OptionList, Static

from handover_tui.ui import keymap
from handover_tui.ui.background import run_db
from handover_tui.ui.keys import opens_screen
from handover_tui.ui.screens.dashboard_view import AttentionList, DashboardView
from handover_tui.ui.widgets.charts import TimelineChart, WorkloadChart
from handover_tui.ui.widgets.footer import Footer
from handover_tui.ui.widgets.record_table import RecordTable

if TYPE_CHECKING:
    from handover_tui.services.dashboard import AgendaItem

WIDE_AT = 140
"""From this width the attention list gets a column of its own, beside the rest."""


class DashboardScreen(DashboardView):
    """Attention list, agenda, renewals, workload and the timeline of running handoffs."""

    BINDINGS = [
        Binding(
            "enter",
            "open_selected",
            "Open",
            id="dashboard.open",
            priority=True,
            tooltip="Open what the cursor is on",
        ),
        Binding(
            "r",
            "roster",
            "Roster",
            id="dashboard.roster",
            tooltip="Show every client",
            priority=True,
        ),
        Binding(
            "space",
            "tick",
            "Tick",
            id="dashboard.tick",
            tooltip="Mark the selected due item done",
        ),
        Binding("u", "undo", "Undo", id="dashboard.undo", tooltip="Undo the last tick"),
        Binding("p", "people", "People", id="dashboard.people", tooltip="People and capacity"),
        Binding(
            "1",
            "jump('#attention')",
            "Attention",
            id="dashboard.attention",
            show=False,
            tooltip="Go to the attention list",
        ),
        Binding(
            "2",
            "jump('#agenda')",
            "Due",
            id="dashboard.agenda",
            show=False,
            tooltip="Go to the items due",
        ),
        Binding(
            "3",
            "jump('#renewals')",
            "Renewals",
            id="dashboard.renewals",
            show=False,
            tooltip="Go to the coming renewals",
        ),
        Binding(
            "4",
            "jump('#timeline')",
            "Timeline",
            id="dashboard.timeline",
            show=False,
            tooltip="Go to the running handoffs",
        ),
        Binding("q", "app.quit", "Quit", id="dashboard.quit", tooltip="Quit handover"),
    ]

    DEFAULT_CSS = """
    DashboardScreen #board {
        overflow-y: auto;
        height: 1fr;
    }
    DashboardScreen .column {
        height: auto;
    }
    DashboardScreen.-wide #board {
        layout: horizontal;
        overflow-y: hidden;
    }
    DashboardScreen.-wide .column {
        width: 1fr;
        height: 100%;
        overflow-y: auto;
    }
    DashboardScreen #attention {
        height: auto;
        max-height: 14;
        border: none;
        padding: 0 1;
    }
    DashboardScreen.-wide #attention {
        max-height: 100%;
    }
    DashboardScreen #agenda, DashboardScreen #renewals {
        height: auto;
        max-height: 12;
    }
    DashboardScreen .section-title {
        margin-top: 1;
        color: $text-accent;
    }
    DashboardScreen #board-empty {
        padding: 1 2;
        color: $text-muted;
        height: auto;
    }
    """

    def __init__(self, *, at_start: bool = False) -> None:
        super().__init__(at_start=at_start)
        self._undo: tuple[str, Callable[[], None]] | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Opening the database…", id="board-empty")
        with Container(id="board"):
            with Vertical(classes="column", id="left"):
                yield Static("", id="attention-title", classes="section-title")
                yield AttentionList(id="attention")
            with Vertical(classes="column", id="right"):
                yield Static("", id="agenda-title", classes="section-title")
                yield RecordTable(id="agenda")
                yield Static("", id="renewals-title", classes="section-title")
                yield RecordTable(id="renewals")
                yield Static("", id="workload-title", classes="section-title")
                yield WorkloadChart(id="workload")
                yield Static("", id="timeline-title", classes="section-title")
                yield TimelineChart(id="timeline")
        yield Footer()

    def on_mount(self) -> None:
        self.title = "handover"
        self.sub_title = "Dashboard"
        self.query_one("#board").display = False
        self.set_class(self.size.width >= WIDE_AT, "-wide")
        self.follow_clients(lambda _client_id: self.load())
        self.load()
        # At once: its queries run while the first frame is drawn, and the board shows
        # in the frame after it.
        self._first_read()

    def on_screen_resume(self) -> None:
        if self.board is not None:  # back from a client: what changed there shows here
            self.load()

    def on_resize(self) -> None:
        wide = self.size.width >= WIDE_AT
        if wide != self.has_class("-wide"):
            self.set_class(wide, "-wide")
        if self.board is not None:
            self._show_tables(self.board)

    # -- acting on what is shown ------------------------------------------------------------

    @on(OptionList.OptionSelected, "#attention")
    def _open_signal(self, event: OptionList.OptionSelected) -> None:
        self._open_attention(event.option.id or "")

    @on(DataTable.RowSelected, "#agenda")
    def _open_item(self, event: DataTable.RowSelected) -> None:
        self._open_agenda(str(event.row_key.value))

    @on(DataTable.RowSelected, "#renewals")
    def _open_renewal(self, event: DataTable.RowSelected) -> None:
        self._open_renewals(str(event.row_key.value))

    @on(TimelineChart.Chosen)
    def _open_handoff(self, event: TimelineChart.Chosen) -> None:
        self._open_timeline(event.index)

    @opens_screen
    def action_open_selected(self) -> Any:
        """Enter: open what the focused list's cursor is on, before the next key is taken
        (the lists' own enter reaches the screen only a few messages later)."""
        focused = self.focused
        if isinstance(focused, OptionList) and focused.id == "attention":
            if focused.highlighted is None:
                return None
            return self._open_attention(focused.get_option_at_index(focused.highlighted).id or "")
        if isinstance(focused, DataTable) and focused.id in ("agenda", "renewals"):
            if not focused.row_count:
                return None
            key = focused.coordinate_to_cell_key(focused.cursor_coordinate).row_key.value
            opener = self._open_agenda if focused.id == "agenda" else self._open_renewals
            return opener(str(key))
        if isinstance(focused, TimelineChart):
            return self._open_timeline(focused.cursor)
        raise SkipAction()

    def _open_attention(self, option_id: str) -> Any:
        if option_id == "more":
            return self.app.show_roster(attention_only=True)
        if self.board is None or not option_id.startswith("signal-"):
            return None
        signal = self.board.signals[int(option_id.removeprefix("signal-"))]
        return self.app.open_client(signal.client_id, signal.tab)

    def _open_agenda(self, key: str) -> Any:
        if key == "more-overdue":
            return self.app.show_roster(attention_only=True)
        if key == "more-due":
            self._show_more_due()
            return None
        item = self._agenda_item(key)
        if item is None:
            return None
        return self.app.open_client(
            item.client_id, "transition" if item.in_transition else "overview"
        )

    def _open_renewals(self, key: str) -> Any:
        if key.startswith("more-"):
            return self.app.show_roster(sort="renewal")
        return self.app.open_client(int(key)) if key.isdigit() else None

    def _open_timeline(self, index: int) -> Any:
        if self.board is not None and index < len(self.board.handoffs):
            return self.app.open_client(self.board.handoffs[index].client_id, "transition")
        return None

    def _agenda_item(self, key: str) -> AgendaItem | None:
        if self.board is None or not key.isdigit():
            return None
        return next((item for item in self.board.agenda if item.id == int(key)), None)

    def action_tick(self) -> None:
        agenda = self.query_one("#agenda", RecordTable)
        if not agenda.has_focus:
            due = keymap.key(self.app, "dashboard.agenda", "2")
            self.notify(f"Go to the due items ({due}) to tick one.", severity="warning")
            return
        item = self._agenda_item(str(agenda.current_id or ""))
        if item is None:
            return
        self._set_done(item, True)

    def _set_done(self, item: AgendaItem, done: bool) -> None:
        today = self.app.current_date()

        def tick(db: Any) -> Any:
            from handover_tui.services import transitions

            return transitions.tick_item(db, item.id, today, done=done)

        def finished(_item: Any) -> None:
            if done:
                self._undo = (item.title, lambda: self._set_done(item, False))
                undo_key = keymap.key(self.app, "dashboard.undo", "u")
                self.notify(f"Done: {item.title} ({item.client}). Press {undo_key} to undo.")
            self.app.client_changed.publish(item.client_id)  # reloads this board too

        run_db(
            self,
            tick,
            finished,
            group="dashboard-write",
        )

    def action_undo(self) -> None:
        if self._undo is None:
            self.notify("Nothing to undo.", severity="warning")
            return
        title, undo = self._undo
        self._undo = None
        undo()
        self.notify(f"Open again: {title}.")

    def action_jump(self, selector: str) -> None:
        widget = self.query_one(selector)
        widget.focus()
        widget.scroll_visible()

    @opens_screen
    def action_roster(self) -> Any:
        return self.app.action_roster()

    @opens_screen
    def action_people(self) -> Any:
        return self.app.action_people()

    def palette_commands(self) -> Iterable[SystemCommand]:
        undo_key = keymap.key(self.app, "dashboard.undo", "u")
        yield SystemCommand(
            "Tick selected due item", f"Mark it done ({undo_key} undoes)", self.action_tick
        )
