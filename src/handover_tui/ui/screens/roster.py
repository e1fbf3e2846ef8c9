"""The roster: every client, filtered as you type, sorted by any column."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Input, Static

from handover_tui.domain.formatting import date_text, money_text, vocab_label
from handover_tui.domain.vocab import Severity
from handover_tui.ui.background import run_db
from handover_tui.ui.format import status_text
from handover_tui.ui.guard import ReadOnlyGuard
from handover_tui.ui.widgets.record_table import Column, RecordTable, fit, fit_columns

if TYPE_CHECKING:
    from handover_tui.domain.signals import Signal
    from handover_tui.models import Client
    from handover_tui.services.clients import ClientRow

# The service's sort keys double as column keys.
WIDE: list[Column] = [
    ("name", "Client", None),
    ("signals", "Attention", 12),
    ("owner", "Owner", 15),
    ("status", "Status", 20),
    ("stage", "Stage", 10),
    ("renewal", "Renewal", 10),
    ("value", "Annual value", 13),
]
# Below 100 columns the stage goes and the status takes its short form.
NARROW: list[Column] = [
    ("name", "Client", None),
    ("signals", "!", 2),
    ("owner", "Owner", 13),
    ("status", "Status", 15),
    ("renewal", "Renewal", 10),
    ("value", "Value", 12),
]
TITLES = {key: title for key, title, _width in WIDE}
SORT_KEYS = [key for key, _title, _width in WIDE if key != "signals"]


def layout(total: int) -> list[tuple[str, str, int]]:
    """The columns for a screen ``total`` cells wide; the client name takes what is left."""
    return fit_columns(total, WIDE if total >= 100 else NARROW)


def signal_cell(found: list[Signal], width: int) -> Text:
    """``‼ late +2``: the most severe signal's symbol and tag, and how many more; in two
    cells just the symbol and the count."""
    if not found:
        return Text("")
    top = found[0]
    style = "bold" if top.severity is Severity.HIGH else ""
    if width < 6:
        return Text(f"{top.severity.symbol}{min(len(found), 9)}", style=style)
    more = f" +{len(found) - 1}" if len(found) > 1 else ""
    text = fit(f"{top.severity.symbol} {top.kind.tag}", width - len(more))
    text.stylize(style)
    return text + Text(more, style="dim")


def row_cells(
    row: ClientRow, columns: list[tuple[str, str, int]], found: list[Signal] | None = None
) -> list[Any]:
    """The cells of one roster row for the given columns, each cut to fit."""
    widths = {key: width for key, _title, width in columns}
    cells = {
        "name": lambda: fit(row.name, widths["name"]),
        "signals": lambda: signal_cell(found or [], widths["signals"]),
        "owner": lambda: fit(row.owner, widths["owner"]) if row.owner else Text("—", "dim"),
        "status": lambda: status_text(row.status, short=widths["status"] < 20),
        "stage": lambda: vocab_label(row.lifecycle_stage),
        "renewal": lambda: date_text(row.renewal_date),
        "value": lambda: Text(money_text(row.annual_value, row.currency).rjust(widths["value"])),
    }
    return [cells[key]() for key, _title, _width in columns]


class RosterScreen(ReadOnlyGuard, Screen):
    """All clients; the first screen until the dashboard exists."""

    BINDINGS = [
        Binding(
            "slash",
            "focus_filter",
            "Filter",
            id="roster.filter",
            tooltip="Type to filter by name, owner, industry, segment, tags or status",
        ),
        Binding("n", "new_client", "New", id="roster.new", tooltip="Add a client"),
        Binding("e", "edit_client", "Edit", id="roster.edit", tooltip="Edit the selected client"),
        Binding(
            "a",
            "archive",
            "Archive",
            id="roster.archive",
            tooltip="Archive the selected client (or bring an archived one back)",
        ),
        Binding("u", "undo", "Undo", id="roster.undo", tooltip="Undo the last archive"),
        Binding("s", "next_sort", "Sort", id="roster.sort", tooltip="Sort by the next column"),
        Binding(
            "S",
            "reverse_sort",
            "Reverse",
            id="roster.reverse",
            show=False,
            tooltip="Reverse the sort order",
        ),
        Binding(
            "A",
            "toggle_archived",
            "Archived",
            id="roster.archived",
            tooltip="Show or hide archived clients",
        ),
        Binding(
            "exclamation_mark",
            "toggle_attention",
            "Needs attention",
            id="roster.attention",
            tooltip="Show only clients with a signal, or every client again",
        ),
        Binding("d", "app.dashboard", "Dashboard", id="roster.dashboard", show=False),
        Binding(
            "Y",
            "app.activity",
            "Activity",
            id="roster.activity",
            show=False,
            tooltip="Who changed what, and when, across all clients",
        ),
        Binding(
            "T",
            "start_transition",
            "Plan handoff",
            id="roster.start_transition",
            tooltip="Plan the handoff of the selected client to an incoming owner",
        ),
        Binding("p", "people", "People", id="roster.people", tooltip="People and capacity"),
        Binding(
            "t",
            "app.templates",
            "Templates",
            id="roster.templates",
            show=False,
            tooltip="Checklist templates: copy the built-in one, edit your own",
        ),
        Binding("q", "app.quit", "Quit", id="roster.quit", tooltip="Quit handover"),
    ]

    sort_key: reactive[str] = reactive("name", init=False)
    descending: reactive[bool] = reactive(False, init=False)
    show_archived: reactive[bool] = reactive(False, init=False)
    attention_only: reactive[bool] = reactive(False, init=False)

    def __init__(self) -> None:
        super().__init__()
        self._undo: tuple[str, Callable[[], None]] | None = None
        self.rows: dict[int, ClientRow] = {}
        """The rows shown, by client id."""
        self.loaded = False
        """Whether the first query has answered: before that, no rows means "unknown"."""
        self.signals: dict[int, list[Signal]] = {}
        """Each client's signals, most severe first (clients without any are absent)."""
        self.matching: list[ClientRow] = []
        """What the query returned, before the "needs attention" filter."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(placeholder="/ filter clients…", id="filter", compact=True)
        yield Static("Opening the database…", id="roster-empty")
        yield RecordTable(id="roster")
        yield Static("", id="roster-status")
        yield Footer()

    def on_mount(self) -> None:
        self.title = "handover"
        self.sub_title = "Roster"
        self._build_columns()
        if self.app.is_headless:  # tests and screenshots: a blinking cursor is noise
            self.query_one("#filter", Input).cursor_blink = False
        self.query_one(RecordTable).focus()
        self.load()
        self.load_signals()
        self.app.client_changed.subscribe(self, self._client_changed)

    # -- loading ---------------------------------------------------------------------------

    @property
    def table(self) -> RecordTable:
        return self.query_one("#roster", RecordTable)

    @property
    def filter_text(self) -> str:
        return self.query_one("#filter", Input).value

    def load(self, keep: int | None = None) -> None:
        """Query the roster for the current filter, sort and archive setting."""
        from handover_tui.services import clients

        text, sort, descending, archived = (
            self.filter_text,
            self.sort_key,
            self.descending,
            self.show_archived,
        )
        keep = keep if keep is not None else self.table.current_id
        run_db(
            self,
            lambda db: clients.list_clients(
                db, text, include_archived=archived, sort=sort, descending=descending
            ),
            lambda rows: self._show(rows, keep),
            group="roster",
            exclusive=True,
        )

    def load_signals(self) -> None:
        """Judge every client (in a worker); the attention column and filter follow."""
        from handover_tui.domain.signals import by_client
        from handover_tui.services import signals

        today, limits = self.app.current_date(), self.app.settings.thresholds()
        run_db(
            self,
            lambda db: by_client(signals.attention(db, today, limits)),
            self._show_signals,
            group="roster-signals",
            exclusive=True,
        )

    def _show_signals(self, found: dict[int, list[Signal]]) -> None:
        changed = found != self.signals
        self.signals = found
        if not changed or not self.loaded:
            return
        if self.attention_only:
            self._show(self.matching, self.table.current_id)
            return
        widths = {key: width for key, _title, width in self.columns}
        for client_id in self.rows:
            cell = signal_cell(found.get(client_id, []), widths["signals"])
            self.table.update_cell(str(client_id), "signals", cell)

    def on_screen_resume(self) -> None:
        self.load_signals()  # ticks and notes elsewhere change what needs attention

    def _show(self, rows: list[ClientRow], keep: int | None) -> None:
        table = self.table
        table.clear()
        self.loaded = True
        self.matching = rows
        if self.attention_only:
            rows = [row for row in rows if row.id in self.signals]
        self.rows = {row.id: row for row in rows}
        for row in rows:
            found = self.signals.get(row.id)
            table.add_row(*row_cells(row, self.columns, found), key=str(row.id))
        if keep is not None:
            table.move_to(keep)
        self._update_empty_state(len(rows))
        self._update_status()

    def _update_empty_state(self, count: int) -> None:
        # The table stays visible (and focused) when empty, so n, A and / keep working.
        empty = self.query_one("#roster-empty", Static)
        if count:
            empty.display = False
            return
        if self.attention_only and self.matching:
            message = "No client needs attention. Press ! to show every client."
        elif self.filter_text:
            message = f"No clients match “{self.filter_text}”. Press escape to clear the filter."
        elif self.show_archived:
            message = "No clients yet. Press n to add one."
        else:
            message = (
                "No clients yet.\n\nPress n to add your first client, p to add the people "
                "who own accounts,\nor quit (q) and run  handover --demo  to explore with "
                "sample data."
            )
        empty.update(message)
        empty.display = True

    def _update_status(self) -> None:
        title = TITLES[self.sort_key]
        order = "descending" if self.descending else "ascending"
        archived = "archived shown" if self.show_archived else "archived hidden"
        count = self.table.row_count
        noun = "client" if count == 1 else "clients"
        only = " needing attention" if self.attention_only else ""
        self.query_one("#roster-status", Static).update(
            f"{count} {noun}{only} · sorted by {title.lower()} ({order}) · {archived}"
        )

    @property
    def columns(self) -> list[tuple[str, str, int]]:
        return layout(self.size.width)

    def _build_columns(self) -> bool:
        arrow = " ▼" if self.descending else " ▲"
        return self.table.use_columns(
            [
                (key, title + (arrow if key == self.sort_key else ""), width)
                for key, title, width in self.columns
            ]
        )

    def on_resize(self) -> None:
        """Give the client column the new room, redrawing rows already in hand."""
        keep = self.table.current_id
        if self._build_columns() and self.loaded:
            self._show(self.matching, keep)

    def watch_sort_key(self) -> None:
        self._build_columns()
        self.load()

    def watch_descending(self) -> None:
        self._build_columns()
        self.load()

    def watch_show_archived(self) -> None:
        self.load()

    def watch_attention_only(self) -> None:
        self._show(self.matching, self.table.current_id)

    @on(Input.Changed, "#filter")
    def _filter_changed(self) -> None:
        self.load()

    @on(Input.Submitted, "#filter")
    def _filter_done(self) -> None:
        self.table.focus()

    def on_key(self, event: Any) -> None:
        filter_input = self.query_one("#filter", Input)
        if event.key == "escape" and (filter_input.has_focus or filter_input.value):
            filter_input.value = ""
            self.table.focus()
            event.stop()
        elif event.key == "down" and filter_input.has_focus:
            self.table.focus()
            event.stop()

    # -- actions ---------------------------------------------------------------------------

    def action_focus_filter(self) -> None:
        self.query_one("#filter", Input).focus()

    def action_next_sort(self) -> None:
        self.sort_key = SORT_KEYS[(SORT_KEYS.index(self.sort_key) + 1) % len(SORT_KEYS)]

    def action_toggle_attention(self) -> None:
        self.attention_only = not self.attention_only
        state = "Only clients needing attention" if self.attention_only else "Every client"
        self.notify(f"{state} shown.")

    def action_reverse_sort(self) -> None:
        self.descending = not self.descending

    def action_toggle_archived(self) -> None:
        self.show_archived = not self.show_archived
        state = "shown" if self.show_archived else "hidden"
        self.notify(f"Archived clients {state}.")

    @on(DataTable.HeaderSelected)
    def _header_clicked(self, event: DataTable.HeaderSelected) -> None:
        key = str(event.column_key.value)
        if key not in SORT_KEYS:
            self.action_toggle_attention()
        elif key == self.sort_key:
            self.descending = not self.descending
        else:
            self.sort_key = key

    @on(DataTable.RowSelected, "#roster")
    def _open(self, event: DataTable.RowSelected) -> None:
        self.app.open_client(int(str(event.row_key.value)))

    def action_new_client(self) -> None:
        self.app.new_client()

    def action_edit_client(self) -> None:
        client_id = self.table.current_id
        if client_id is None:
            self.notify("No client selected.", severity="warning")
            return
        self.app.edit_client(client_id)

    def action_start_transition(self) -> None:
        client_id = self.table.current_id
        if client_id is None:
            self.notify("No client selected.", severity="warning")
            return
        self.app.start_transition(client_id)

    def action_people(self) -> None:
        self.app.action_people()

    def action_archive(self) -> None:
        from handover_tui.services import clients

        client_id = self.table.current_id
        if client_id is None:
            self.notify("No client selected.", severity="warning")
            return
        if self.rows[client_id].archived:
            change, undo, verb = clients.unarchive_client, clients.archive_client, "Restored"
        else:
            change, undo, verb = clients.archive_client, clients.unarchive_client, "Archived"

        def finished(client: Client) -> None:
            self._undo = (f"{verb.lower()} {client.name}", lambda: self._apply(undo, client_id))
            self.notify(f"{verb} {client.name}. Press u to undo.")
            self._client_changed(client_id)

        run_db(self, lambda db: change(db, client_id), finished, group="roster-write")

    def _apply(self, change: Callable[[Any, int], Client], client_id: int) -> None:
        run_db(
            self,
            lambda db: change(db, client_id),
            lambda client: (self._client_changed(client_id), self.table.move_to(client_id)),
            group="roster-write",
        )

    def action_undo(self) -> None:
        if self._undo is None:
            self.notify("Nothing to undo.", severity="warning")
            return
        what, undo = self._undo
        self._undo = None
        undo()
        self.notify(f"Undone: {what}.")

    # -- keeping rows current --------------------------------------------------------------

    def _client_changed(self, client_id: int) -> None:
        """Refresh one row (or add or drop it) without rebuilding the table."""
        from handover_tui.services import clients

        self.load_signals()  # an owner or a date changed may move other clients' signals
        text, archived = self.filter_text, self.show_archived

        def show(rows: list[ClientRow]) -> None:
            table = self.table
            key = str(client_id)
            row = next(iter(rows), None)
            if row is None or (row.archived and not archived):
                self.rows.pop(client_id, None)
                if key in table.rows:
                    table.remove_row(key)
                self._after_row_change()
                return None
            if key not in table.rows:
                # A row coming back (undo, a new client) belongs at its sorted place.
                self.load(keep=client_id)
                return None
            self.rows[client_id] = row
            cells = row_cells(row, self.columns, self.signals.get(client_id))
            for (column, _title, _width), cell in zip(self.columns, cells, strict=True):
                table.update_cell(key, column, cell)
            return None

        run_db(
            self,
            lambda db: clients.list_clients(db, text, include_archived=True, only=client_id),
            show,
            group="roster-row",
        )

    def _after_row_change(self) -> None:
        self._update_empty_state(self.table.row_count)
        self._update_status()

    def palette_commands(self) -> Iterable[SystemCommand]:
        yield SystemCommand("Filter clients", "Type to narrow the roster", self.action_focus_filter)
        yield SystemCommand(
            "Needs attention: only clients with a signal",
            "Toggle the roster's attention filter (!)",
            self.action_toggle_attention,
        )
        yield SystemCommand(
            "Plan a transition for selected client",
            "Hand the client to an incoming owner",
            self.action_start_transition,
        )
        yield SystemCommand(
            "Sort roster by next column", "Cycle the sort column", self.action_next_sort
        )
        yield SystemCommand(
            "Reverse roster order", "Ascending ↔ descending", self.action_reverse_sort
        )
        yield SystemCommand(
            "Show/hide archived clients",
            "Toggle archived clients on the roster",
            self.action_toggle_archived,
        )
        yield SystemCommand(
            "Archive or restore selected client", "Archive with undo", self.action_archive
        )
        yield SystemCommand("Edit selected client", "Open the client form", self.action_edit_client)
        yield SystemCommand(
            "Undo last archive", "Bring back what was just archived", self.action_undo
        )
