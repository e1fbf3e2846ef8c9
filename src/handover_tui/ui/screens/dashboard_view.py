"""The dashboard's board: read (a quick first read, then the full one), and drawn as the
attention list, the agenda, the renewals, the workload and the timeline of handoffs."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Static
from textual.widgets.option_list import Option

from handover_tui.domain import charts
from handover_tui.domain.vocab import Severity
from handover_tui.ui import keymap
from handover_tui.ui.background import covered, run_db
from handover_tui.ui.guard import ReadOnlyGuard
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
from handover_tui.ui.widgets.option_list import VimOptionList
from handover_tui.ui.widgets.record_table import RecordTable, fit_columns

if TYPE_CHECKING:
    from datetime import date

    from handover_tui.domain.signals import Signal
    from handover_tui.services.dashboard import AgendaItem, Dashboard

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


class DashboardView(FollowsClients, ReadOnlyGuard, Screen):
    """The board read and shown; :class:`DashboardScreen` adds the keys and acts on it."""

    def __init__(self, *, at_start: bool = False) -> None:
        super().__init__()
        self.at_start = at_start
        """Opened by the app at start-up: with no clients, give way to the roster."""
        self.board: Dashboard | None = None
        self._due_shown = ROWS_SHOWN
        """How many items due soon the agenda lists; each "more" line adds ``ROWS_SHOWN``."""
        self._agenda_widths: dict[str, int] = {}

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
        from handover_tui.services.store import local_file

        done = self.app.quick_read_done
        url = self.app.database_url
        path = local_file(url) if url and not self.app.demo else None
        if path is None or self.board is not None or covered(self) or done.is_set():
            done.set()  # nothing to read quickly: the database opens at once
            return
        today, settings = self.app.current_date(), self.app.settings

        def read() -> None:
            from handover_tui.services.store import quick_dashboard

            board = None
            try:
                board = quick_dashboard(path, today, settings.thresholds())
            finally:
                if board is None:
                    done.set()
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
        gives_way = message.board.clients == 0 and self.at_start and self.is_current
        if self.board is None:  # the usual read, when quicker, is newer
            self._show(message.board)
        if gives_way:
            return  # the roster, shown instead, reads first; the database opens after it
        # The database opens once this board is painted.
        self.call_after_refresh(self.app.quick_read_done.set)

    def _show(self, board: Dashboard) -> None:
        if board.clients == 0 and self.at_start:
            self.at_start = False  # once: shown again later, it says there are no clients
            if self.is_current:
                self.app.action_roster()  # nothing to watch yet: the roster says how to begin
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
        self.query_one(WorkloadChart).show([(p.name, p.load, p.capacity) for p in board.workload])
        weighed = any(p.load != p.active_clients for p in board.workload)
        counted = "clients weighed by complexity" if weighed else "active clients"
        self.query_one("#workload-title", Static).update(f"Workload: {counted} / capacity")
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
