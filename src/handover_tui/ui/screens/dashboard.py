"""The dashboard: what needs attention today, what is due, who is overloaded, and where
each running handoff stands. The team lead's first screen."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on
from textual.actions import SkipAction
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Container, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Header, OptionList, Static
from textual.widgets.option_list import Option

from handover_tui.domain import charts
from handover_tui.domain.vocab import Severity
from handover_tui.ui import keymap
from handover_tui.ui.background import covered, run_db
from handover_tui.ui.guard import ReadOnlyGuard
from handover_tui.ui.keys import opens_screen
from handover_tui.ui.messages import FollowsClients
from handover_tui.ui.screens import dashboard_rows as cells
from handover_tui.ui.screens.dashboard_rows import (
    AGENDA,
    AGENDA_WIDE,
    BUCKETS,
    RENEWALS,
    RENEWALS_WIDE,
)
from handover_tui.ui.widgets.charts import TimelineChart, WorkloadChart
from handover_tui.ui.widgets.footer import Footer
from handover_tui.ui.widgets.option_list import VimOptionList
from handover_tui.ui.widgets.record_table import RecordTable, fit_columns

if TYPE_CHECKING:
    from datetime import date

    from handover_tui.domain.signals import Signal
    from handover_tui.services.dashboard import AgendaItem, Dashboard

WIDE_AT = 140
"""From this width the attention list gets a column of its own, beside the rest."""

ATTENTION_SHOWN = 100
"""Signals listed, most severe first; the headings count them all, and a last line leads
to the roster's attention filter for the rest. A 10k roster raises some 24,000 signals:
Textual's option list took tens of seconds to lay that many out, and nobody reads them
there."""
ROWS_SHOWN = 100
"""Rows under each heading of the due items and the renewals; a last row counts the rest
and leads to the roster, where all of them can be gone through (filtered or sorted)."""


class AttentionList(VimOptionList):
    """The signals, under one heading per severity; vim keys move like in every list."""


class DashboardScreen(FollowsClients, ReadOnlyGuard, Screen):
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
        Binding("p", "app.people", "People", id="dashboard.people", tooltip="People and capacity"),
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
        super().__init__()
        self.at_start = at_start
        """Opened by the app at start-up: with no clients, give way to the roster."""
        self.board: Dashboard | None = None
        self._due_shown = ROWS_SHOWN
        """How many items due soon the agenda lists; each "more" line adds ``ROWS_SHOWN``."""
        self._agenda_widths: dict[str, int] = {}
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

    # -- loading -----------------------------------------------------------------------------

    def load(self) -> None:
        """Read the board (in a worker). Not while another screen covers it, say a client
        being edited: judging the whole roster after every save there was wasted, as the
        board reads again when it comes back into view."""
        if covered(self):
            return
        today, settings = self.app.current_date(), self.app.settings

        def read(db: Any) -> Dashboard:
            # Imported in the worker: SQLAlchemy and the models must not hold up a frame.
            from handover_tui.services import dashboard

            return dashboard.dashboard(db, today, settings.thresholds())

        run_db(
            self,
            read,
            self._show,
            group="dashboard",
            exclusive=True,
        )

    def _first_read(self) -> None:
        """Read the board of a SQLite file with the standard library (in a thread), the
        same read ``load`` makes once the database is open, so the board shows while the
        app is still opening it (SQLAlchemy's imports, the schema check). Nothing happens
        when the file is elsewhere, at another schema, or the usual read came first."""
        if self.board is not None or covered(self):
            return
        from handover_tui.services.store import local_file

        url = self.app.database_url
        path = local_file(url) if url and not self.app.demo else None
        if path is None:
            return
        today, settings = self.app.current_date(), self.app.settings

        def read() -> None:
            from handover_tui.services.store import quick_dashboard

            board = quick_dashboard(path, today, settings.thresholds())
            if board is not None:
                self.post_message(self.QuickBoard(board))  # thread-safe, and does not wait

        self.run_worker(read, thread=True, group="dashboard-first", exit_on_error=False)

    class QuickBoard(Message):
        """The board as the SQLite file held it before the database was open."""

        def __init__(self, board: Dashboard) -> None:
            super().__init__()
            self.board = board

    @on(QuickBoard)
    def _quick_board(self, message: QuickBoard) -> None:
        if self.board is None:  # the usual read, when quicker, is newer
            self._show(message.board)

    def _show(self, board: Dashboard) -> None:
        if board.clients == 0 and self.at_start:
            if self.is_current:  # not again, for a second read of the same empty file
                self.app.pop_screen()  # nothing to watch yet: the roster says how to begin
            return
        first = self.board is None
        self.board = board
        empty = self.query_one("#board-empty", Static)
        empty.display = board.clients == 0
        roster = keymap.key(self.app, "dashboard.roster", "r")
        new = keymap.key(self.app, "roster.new", "n")
        empty.update(f"No clients yet. Press {roster} for the roster and {new} there to add one.")
        self.query_one("#board").display = board.clients > 0
        self._show_attention(board.signals)
        self._show_tables(board)
        self.query_one(WorkloadChart).show(
            [(p.name, p.active_clients, p.capacity) for p in board.workload]
        )
        self.query_one("#workload-title", Static).update("Workload: active clients / capacity")
        rows = [
            charts.TimelineRow(
                handoff.client,
                handoff.windows,
                "paused" if handoff.paused else f"{handoff.done}/{handoff.total}",
            )
            for handoff in board.handoffs
        ]
        self.query_one(TimelineChart).show(rows, board.today)
        self.query_one("#timeline-title", Static).update(f"4 Handoffs under way ({len(rows)})")
        if first:
            self.query_one("#attention", AttentionList).focus()

    def _show_attention(self, signals: list[Signal]) -> None:
        listing = self.query_one("#attention", AttentionList)
        keep = listing.highlighted
        counts = Counter(signal.severity for signal in signals)
        summary = ", ".join(f"{counts[s]:,} {s.label.lower()}" for s in Severity if counts[s])
        self.query_one("#attention-title", Static).update(
            f"1 Needs attention ({summary or 'nothing'})"
        )
        options: list[Option | None] = []
        shown: Severity | None = None
        for index, signal in enumerate(signals[:ATTENTION_SHOWN]):
            if signal.severity is not shown:
                shown = signal.severity
                heading = Text(f"{shown.symbol} {shown.label} ({counts[shown]:,})", style="bold")
                options.append(Option(heading, id=f"heading-{shown.value}", disabled=True))
            prompt = Text.assemble(
                (f"{signal.severity.symbol} ", "bold"),
                (signal.client, "bold"),
                "  ",
                signal.message,
            )
            options.append(Option(prompt, id=f"signal-{index}"))
        if len(signals) > ATTENTION_SHOWN:
            rest = signals[ATTENTION_SHOWN:]
            clients = len({signal.client_id for signal in rest})
            options.append(
                Option(
                    Text(
                        f"… {len(rest):,} more on {clients:,} clients: enter lists every "
                        "client needing attention on the roster",
                        style="italic",
                    ),
                    id="more",
                )
            )
        if not options:
            options.append(
                Option(Text("Nothing needs attention today.", style="italic"), disabled=True)
            )
        listing.set_options(options)
        if keep is not None and keep < listing.option_count:
            listing.highlighted = keep
        elif signals:
            listing.highlighted = 1  # the first signal, under its heading

    def _show_tables(self, board: Dashboard) -> None:
        wide = self.size.width >= 100
        agenda = self.query_one("#agenda", RecordTable)
        columns = fit_columns(self._right_width(), AGENDA_WIDE if wide else AGENDA)
        keep = agenda.cursor_row
        agenda.clear(columns=True)
        for key, title, width in columns:
            agenda.add_column(title, key=key, width=width)
        widths = self._agenda_widths = {key: width for key, _title, width in columns}
        overdue = [item for item in board.agenda if item.overdue(board.today)]
        due = [item for item in board.agenda if not item.overdue(board.today)]
        for heading, items in (("Overdue", overdue), ("Next 14 days", due)):
            if not items:
                continue
            agenda.add_row(*cells.heading(heading, len(items), len(columns)), key=f"h-{heading}")
            if heading == "Overdue":
                shown = min(len(items), ROWS_SHOWN)
                self._add_agenda_rows(items[:shown], widths, board.today)
                if len(items) > shown:  # each client with an overdue item needs attention
                    more = f"… {len(items) - shown:,} more: enter lists the clients needing them"
                    agenda.add_row(*cells.more(more, len(columns)), key="more-overdue")
            else:
                self._add_due_rows(due, 0, widths, board.today)
        if board.agenda:
            agenda.move_cursor(row=min(max(keep, 1), agenda.row_count - 1))
        self.query_one("#agenda-title", Static).update(
            f"2 Due: {len(overdue):,} overdue, {len(due):,} in the next 14 days"
            if board.agenda
            else "2 Due: nothing in the next 14 days"
        )
        renewals = self.query_one("#renewals", RecordTable)
        columns = fit_columns(self._right_width(), RENEWALS_WIDE if wide else RENEWALS)
        keep = renewals.cursor_row
        renewals.clear(columns=True)
        for key, title, width in columns:
            renewals.add_column(title, key=key, width=width)
        widths = {key: width for key, _title, width in columns}
        start = -1  # today's renewal belongs to the first bucket
        for limit, heading in BUCKETS:
            bucket = [
                r for r in board.renewals if start < (r.renewal_date - board.today).days <= limit
            ]
            start = limit
            if not bucket:
                continue
            renewals.add_row(*cells.heading(heading, len(bucket), len(columns)), key=f"h-{limit}")
            for renewal in bucket[:ROWS_SHOWN]:
                renewals.add_row(
                    *cells.renewal_cells(renewal, widths, board.today),
                    key=f"{renewal.client_id}",
                )
            if len(bucket) > ROWS_SHOWN:
                more = f"… {len(bucket) - ROWS_SHOWN:,} more: enter shows the roster by renewal"
                renewals.add_row(*cells.more(more, len(columns)), key=f"more-{limit}")
        if board.renewals:
            renewals.move_cursor(row=min(max(keep, 1), renewals.row_count - 1))
        self.query_one("#renewals-title", Static).update(
            f"3 Renewals in the next 90 days ({len(board.renewals):,})"
        )

    def _right_width(self) -> int:
        # Less the board's own scrollbar: the tables sit in a scrolling column.
        width = self.size.width - 2
        return width // 2 if self.has_class("-wide") else width

    def _add_agenda_rows(
        self, items: list[AgendaItem], widths: dict[str, int], today: date
    ) -> None:
        agenda = self.query_one("#agenda", RecordTable)
        for item in items:
            agenda.add_row(*cells.agenda_cells(item, widths, today), key=str(item.id))

    def _add_due_rows(
        self, due: list[AgendaItem], start: int, widths: dict[str, int], today: date
    ) -> None:
        """The items due soon from ``start`` up to ``_due_shown``, and a line counting the
        rest: no signal stands for an item merely due soon, so that line lists more here
        instead of sending the user to a roster that would not show them."""
        self._add_agenda_rows(due[start : self._due_shown], widths, today)
        if len(due) > self._due_shown:
            rest = len(due) - self._due_shown
            more = f"… {rest:,} more: enter shows the next {min(rest, ROWS_SHOWN):,}"
            self.query_one("#agenda", RecordTable).add_row(
                *cells.more(more, len(widths)), key="more-due"
            )

    def _show_more_due(self) -> None:
        """Replace the "more" line that ends the agenda with the next items due soon."""
        if self.board is None:
            return
        agenda = self.query_one("#agenda", RecordTable)
        row = agenda.cursor_row
        agenda.remove_row("more-due")
        today = self.board.today
        due = [item for item in self.board.agenda if not item.overdue(today)]
        widths = self._agenda_widths
        start, self._due_shown = self._due_shown, self._due_shown + ROWS_SHOWN
        self._add_due_rows(due, start, widths, today)
        agenda.move_cursor(row=min(row, agenda.row_count - 1))  # the first of the new rows

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

    def palette_commands(self) -> Iterable[SystemCommand]:
        undo_key = keymap.key(self.app, "dashboard.undo", "u")
        yield SystemCommand(
            "Tick selected due item", f"Mark it done ({undo_key} undoes)", self.action_tick
        )
