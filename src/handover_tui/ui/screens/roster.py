"""The roster: every client, filtered as you type, sorted by any column, marked for bulk work.

Every client is read once (in a worker) into plain rows; each keystroke filters and each
sort reorders them in memory (``domain.roster_view``), and the table draws only the rows on
screen. Keys pressed before the rows arrive are kept: the filter typed applies when they do.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on
from textual.actions import SkipAction
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Header, Input, Static

from handover_tui.domain.formatting import date_text, money_text, vocab_label
from handover_tui.domain.roster_view import (
    RosterRow,
    filter_rows,
    narrows,
    search_rows,
    sort_rows,
)
from handover_tui.domain.vocab import Severity
from handover_tui.ui import keymap
from handover_tui.ui.background import covered, run_db
from handover_tui.ui.format import status_text
from handover_tui.ui.guard import ReadOnlyGuard
from handover_tui.ui.keys import opens_screen
from handover_tui.ui.messages import ClientKnown, FollowsClients
from handover_tui.ui.widgets.footer import Footer
from handover_tui.ui.widgets.record_table import Column, fit, fit_columns
from handover_tui.ui.widgets.virtual_table import VirtualTable

if TYPE_CHECKING:
    from collections.abc import Mapping

    from textual.binding import ActiveBinding

    from handover_tui.domain.signals import Signal
    from handover_tui.models import Client

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
# Narrower, the stage goes and the status takes its short form.
NARROW: list[Column] = [
    ("name", "Client", None),
    ("signals", "!", 2),
    ("owner", "Owner", 13),
    ("status", "Status", 15),
    ("renewal", "Renewal", 10),
    ("value", "Value", 12),
]
TITLES = {key: title for key, title, _width in WIDE}
PREVIEW_ROWS = 200
"""Rows read first, at the default order, while every row is read: more than a screen."""
SORT_KEYS = [key for key, _title, _width in WIDE if key != "signals"]


def layout(total: int) -> list[tuple[str, str, int]]:
    """The columns for a screen ``total`` cells wide: every column while the client name
    keeps 20 cells, else the narrow set; the name takes what is left (less one cell: the
    mark beside each row takes two where padding took one)."""
    wide = fit_columns(total - 1, WIDE)
    return wide if wide[0][2] >= 20 else fit_columns(total - 1, NARROW)


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
    row: RosterRow, columns: list[tuple[str, str, int]], found: list[Signal] | None = None
) -> list[Any]:
    """The cells of one roster row for the given columns (the table cuts them to fit)."""
    widths = {key: width for key, _title, width in columns}
    cells = {
        "name": lambda: row.name,
        "signals": lambda: signal_cell(found or [], widths["signals"]),
        "owner": lambda: row.owner or Text("—", "dim"),
        "status": lambda: status_text(row.status, short=widths["status"] < 20),
        "stage": lambda: vocab_label(row.lifecycle_stage),
        "renewal": lambda: date_text(row.renewal_date),
        "value": lambda: Text(money_text(row.annual_value, row.currency).rjust(widths["value"])),
    }
    return [cells[key]() for key, _title, _width in columns]


def _archive(db: Any, client_id: int) -> Client:
    from handover_tui.services import clients  # in the worker: a heavy import

    return clients.archive_client(db, client_id)


def _unarchive(db: Any, client_id: int) -> Client:
    from handover_tui.services import clients

    return clients.unarchive_client(db, client_id)


class RosterScreen(FollowsClients, ReadOnlyGuard, Screen):
    """All clients; the first screen until the dashboard exists."""

    BINDINGS = [
        # First, so that at 80 columns the footer shows it (and the count) when it matters.
        Binding(
            "b",
            "bulk",
            "Bulk…",
            id="roster.bulk",
            tooltip="Act on the marked clients: plan handoffs, change tags or status, archive",
            priority=True,
        ),
        Binding(
            "slash",
            "focus_filter",
            "Filter",
            id="roster.filter",
            tooltip="Type to filter by name, owner, industry, segment, tags or status",
            # Checked by the app before it hands on the next key (see action_focus_filter).
            priority=True,
        ),
        Binding(
            "enter",
            "open_client",
            "Open",
            id="roster.open",
            show=False,
            priority=True,
            tooltip="Open the selected client",
        ),
        Binding("n", "new_client", "New", id="roster.new", tooltip="Add a client", priority=True),
        Binding(
            "e",
            "edit_client",
            "Edit",
            id="roster.edit",
            tooltip="Edit the selected client",
            priority=True,
        ),
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
        Binding(
            "space",
            "mark",
            "Mark",
            id="roster.mark",
            show=False,
            tooltip="Mark the selected client for a bulk action (or unmark it)",
        ),
        Binding(
            "asterisk",
            "mark_all",
            "Mark all",
            id="roster.mark_all",
            show=False,
            tooltip="Mark every client the filter shows",
        ),
        Binding(
            "escape",
            "clear",
            "Clear",
            id="roster.clear",
            show=False,
            tooltip="Clear the filter; with no filter, clear the marks",
        ),
        Binding("d", "dashboard", "Dashboard", id="roster.dashboard", show=False, priority=True),
        Binding(
            "Y",
            "activity",
            "Activity",
            id="roster.activity",
            show=False,
            tooltip="Who changed what, and when, across all clients",
            priority=True,
        ),
        Binding(
            "T",
            "start_transition",
            "Plan handoff",
            id="roster.start_transition",
            tooltip="Plan the handoff of the selected client to an incoming owner",
            priority=True,
        ),
        Binding(
            "p",
            "people",
            "People",
            id="roster.people",
            tooltip="People and capacity",
            priority=True,
        ),
        Binding(
            "t",
            "templates",
            "Templates",
            id="roster.templates",
            show=False,
            tooltip="Checklist templates: copy the built-in one, edit your own",
            priority=True,
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
        self.loaded = False
        """Whether the rows have arrived: before that, no rows means "not known yet"."""
        self.signals: dict[int, list[Signal]] = {}
        """Each client's signals, most severe first (clients without any are absent)."""
        self.signals_read = False
        """Whether ``signals`` has been read: before that, none means "not judged yet"."""
        self._every: list[RosterRow] = []
        """Every client, archived too, as read."""
        self._ordered: list[RosterRow] | None = None
        """``_every`` in the current sort order, kept until the sort or the rows change."""
        self._base: list[RosterRow] | None = None
        """``_ordered`` less archived clients (unless shown) and those not needing
        attention (when that filter is on): what the typed filter searches."""
        self._base_texts: list[str] = []
        """The search texts of ``_base``, in its order: a keystroke reads only these."""
        self._last: tuple[str, list[RosterRow], list[str]] = ("", [], [])
        """The last filter typed, the rows it showed and their search texts."""
        self._reading = False
        """Whether the first read has begun. Under the dashboard at start-up it waits until
        the roster is first shown: judging every client twice held a 10k roster's start."""
        self._resumed = False
        self.preview_total: int | None = None
        """While the first rows are shown before every row is read: how many there are."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(placeholder="/ filter clients…", id="filter", compact=True)
        yield Static("Opening the database…", id="roster-empty")
        yield VirtualTable(self._cells, markable=True, id="roster")
        yield Static("", id="roster-status")
        yield Footer()

    def on_mount(self) -> None:
        self.title = "handover"
        self.sub_title = "Roster"
        self._build_columns()
        if self.app.is_headless:  # tests and screenshots: a blinking cursor is noise
            self.query_one("#filter", Input).cursor_blink = False
        self.table.focus()
        if not covered(self):
            self._start_reading()
        else:  # covered (by the dashboard at start-up): nothing to read yet
            self.app.quick_read_done.set()
        self.follow_clients(self._client_changed)

    def _start_reading(self) -> None:
        self._reading = True
        # After the first frame: the quick read would share the interpreter with it.
        self.call_after_refresh(self._first_read)
        self.load()
        self.load_signals()

    # -- what is shown -----------------------------------------------------------------------

    @property
    def table(self) -> VirtualTable:
        return self.query_one("#roster", VirtualTable)

    @property
    def filter_text(self) -> str:
        return self.query_one("#filter", Input).value

    @property
    def rows(self) -> Mapping[int, RosterRow]:
        """The rows shown, by client id."""
        return self.table.by_id

    @property
    def visible_count(self) -> int:
        """How many clients the filters let through."""
        return self.table.row_count

    @property
    def marked_ids(self) -> set[int]:
        """The clients marked for a bulk action, shown or not."""
        return self.table.marked

    def clear_marks(self) -> None:
        self.table.clear_marks()

    def _cells(self, row: RosterRow, columns: list[tuple[str, str, int]]) -> list[Any]:
        return row_cells(row, columns, self.signals.get(row.id))

    # -- loading ---------------------------------------------------------------------------

    def load(self) -> None:
        """Read every client (in a worker, which sorts them too); the filter and the cursor
        apply on arrival. Not while another screen covers the roster: it reads again when
        it comes back into view."""
        if covered(self):
            return
        order = (self.sort_key, self.descending)

        def read(db: Any) -> tuple[list[RosterRow], list[RosterRow], tuple[str, bool]]:
            # Imported here, in the worker: SQLAlchemy and the models take most of a
            # second to import, which must not hold up the first frame.
            from handover_tui.services import clients

            rows = clients.roster_rows(db)
            return rows, sort_rows(rows, *order), order

        run_db(self, read, self._arrived, group="roster", exclusive=True)

    def _first_read(self) -> None:
        """Read an SQLite file with the standard library (in a thread), so that the rows
        show while SQLAlchemy is still importing; the usual read replaces them when it
        comes. Nothing happens when the file is elsewhere or at another schema."""
        from handover_tui.services.store import local_file

        done = self.app.quick_read_done
        url = self.app.database_url
        path = local_file(url) if url and not self.app.demo else None
        if path is None or self.loaded or done.is_set():
            done.set()
            return
        order = (self.sort_key, self.descending)
        preview = self._default_view()

        def read() -> None:
            from handover_tui.services.store import quick_first_rows, quick_roster_rows

            if preview and (first := quick_first_rows(path, PREVIEW_ROWS)) is not None:
                self.post_message(self.Preview(*first))  # thread-safe, and does not wait
            rows = None
            try:
                rows = quick_roster_rows(path)
            finally:
                if rows is None:
                    done.set()  # nothing to show: the database opens at once
            if rows is not None:
                self.app.call_from_thread(self._first_arrived, rows, sort_rows(rows, *order), order)

        self.run_worker(read, thread=True, group="roster-first", exit_on_error=False)

    class Preview(Message):
        """The first rows at the default order, and how many clients it holds."""

        def __init__(self, rows: list[RosterRow], total: int) -> None:
            super().__init__()
            self.rows, self.total = rows, total

    def _default_view(self) -> bool:
        return (
            (self.sort_key, self.descending) == ("name", False)
            and not self.show_archived
            and not self.attention_only
            and not self.filter_text
        )

    @on(Preview)
    def _preview(self, message: Preview) -> None:
        """Show the first screenful while every row is read (at 10,000 clients that read
        takes about 0.15 s while the first frames are drawn). Keys work on these rows; a
        filter typed meanwhile applies when every row is here."""
        if self.loaded or not self._default_view():
            return  # every row is here already, or the view changed: wait for them
        self.preview_total = message.total
        self.table.show(sort_rows(message.rows), None)
        self._after_row_change()

    def _first_arrived(
        self, rows: list[RosterRow], ordered: list[RosterRow], order: tuple[str, bool]
    ) -> None:
        if not self.loaded:  # the usual read, when quicker, is newer
            self._arrived((rows, ordered, order))
        # The database opens once these rows are painted.
        self.call_after_refresh(self.app.quick_read_done.set)

    def show_clients(self, rows: list[RosterRow]) -> None:
        """Show clients read some other way (a quicker first read) as a load would."""
        self._arrived((rows, None, (self.sort_key, self.descending)))

    def _arrived(
        self, answer: tuple[list[RosterRow], list[RosterRow] | None, tuple[str, bool]]
    ) -> None:
        rows, ordered, order = answer
        self.preview_total = None
        self._every = rows
        # The sort may have changed while the worker sorted: then sort again here.
        self._ordered = ordered if order == (self.sort_key, self.descending) else None
        self._base = None
        self.loaded = True
        self.table.retain_marks({row.id for row in rows})
        self._refilter()

    def load_signals(self) -> None:
        """Judge every client (in a worker); the attention column and filter follow. Not
        while covered, as ``load``."""
        if covered(self):
            return
        today, settings = self.app.current_date(), self.app.settings

        def judge(db: Any) -> dict[int, list[Signal]]:
            # Imported here, in the worker, as load's are.
            from handover_tui.domain.signals import by_client
            from handover_tui.services import signals

            return by_client(signals.attention(db, today, settings.thresholds()))

        run_db(
            self,
            judge,
            self._show_signals,
            group="roster-signals",
            exclusive=True,
        )

    def _show_signals(self, found: dict[int, list[Signal]]) -> None:
        first, self.signals_read = not self.signals_read, True
        if found == self.signals and not (first and self.attention_only):
            return
        self.signals = found
        if self.attention_only:
            self._base = None
            self._refilter()
        else:
            self.table.redraw()  # the rows in view draw their new signals

    def on_screen_resume(self) -> None:
        """Back from another screen: read the rows and signals again. What was saved there
        (a person renamed, a client handed over, an item ticked) shows here; the app does
        not reload after its own saves. The cursor, filter and marks stay."""
        if covered(self):
            return  # covered again before this came (the dashboard, pushed at start-up)
        if not self._reading:
            self._resumed = True
            self._start_reading()
        elif self._resumed:
            self.load()
            self.load_signals()
        self._resumed = True  # the first resume is the push that on_mount read for

    def _refilter(self, keep: int | None = None) -> None:
        """Show the clients the filters let through, in order, the cursor where it was."""
        if not self.loaded:  # the filter typed so far applies when the rows arrive
            if self.preview_total is not None:
                self._update_status()  # a new sort or filter, still "(reading…)"
            return
        if self._ordered is None:
            self._ordered, self._base = sort_rows(self._every, self.sort_key, self.descending), None
        if self._base is None:
            self._base = filter_rows(
                self._ordered,
                include_archived=self.show_archived,
                among=self.signals if self.attention_only else None,
            )
            self._base_texts = [row.search for row in self._base]
            self._last = ("", self._base, self._base_texts)
        text = self.filter_text
        before, shown, texts = self._last
        if not narrows(before, text):
            shown, texts = self._base, self._base_texts
        # A keystroke that only adds to the filter searches what the last one showed.
        rows, texts = search_rows(shown, texts, text)
        self._last = (text, rows, texts)
        self.table.show(rows, keep)
        self._after_row_change()

    def _after_row_change(self) -> None:
        self._update_empty_state(self.table.row_count)
        self._update_status()

    def _update_empty_state(self, count: int) -> None:
        # The table stays visible (and focused) when empty, so n, A and / keep working.
        empty = self.query_one("#roster-empty", Static)
        if count:
            empty.display = False
            return
        if self.attention_only and not self.signals_read:
            message = "Checking which clients need attention…"
        elif self.attention_only and filter_rows(
            self._every, self.filter_text, include_archived=self.show_archived
        ):
            every = keymap.key(self.app, "roster.attention", "!")
            message = f"No client needs attention. Press {every} to show every client."
        elif self.filter_text:
            clear = keymap.key(self.app, "roster.clear", "escape")
            message = f"No clients match “{self.filter_text}”. Press {clear} to clear the filter."
        elif self.show_archived:
            message = f"No clients yet. Press {keymap.key(self.app, 'roster.new', 'n')} to add one."
        else:
            new, people, quit_ = (
                keymap.key(self.app, f"roster.{binding}", default)
                for binding, default in (("new", "n"), ("people", "p"), ("quit", "q"))
            )
            message = (
                f"No clients yet.\n\nPress {new} to add your first client, {people} to add the "
                f"people who own accounts,\nor quit ({quit_}) and run  handover --demo  to explore "
                "with sample data."
            )
        empty.update(message)
        empty.display = True

    def _update_status(self) -> None:
        title = TITLES[self.sort_key]
        order = "descending" if self.descending else "ascending"
        archived = "archived shown" if self.show_archived else "archived hidden"
        count = self.table.row_count
        reading = ""
        if self.preview_total is not None:  # only until every row is read
            count, reading = self.preview_total, " (reading…)"
        noun = "client" if count == 1 else "clients"
        only = ""
        if self.attention_only:
            only = " needing attention" if self.signals_read else " needing attention (checking…)"
        marked = f" · {len(self.marked_ids):,} marked" if self.marked_ids else ""
        sorted_by = f"sorted by {title.lower()} ({order})"
        self.query_one("#roster-status", Static).update(
            f"{count:,} {noun}{reading}{only}{marked} · {sorted_by} · {archived}"
        )

    @property
    def columns(self) -> list[tuple[str, str, int]]:
        return layout(self.size.width)

    def _build_columns(self) -> None:
        self.table.use_columns(self.columns, self.sort_key, self.descending)

    def on_resize(self) -> None:
        """Give the client column the new room; rows are cut to it as they are drawn."""
        self._build_columns()

    def watch_sort_key(self) -> None:
        self._ordered = None
        self._build_columns()
        self._refilter()

    def watch_descending(self) -> None:
        self._ordered = None
        self._build_columns()
        self._refilter()

    def watch_show_archived(self) -> None:
        self._base = None
        self._refilter()

    def watch_attention_only(self) -> None:
        self._base = None
        self._refilter()

    @on(Input.Changed, "#filter")
    def _filter_changed(self) -> None:
        self._refilter()

    @on(Input.Submitted, "#filter")
    def _filter_done(self) -> None:
        self.table.focus()

    def on_key(self, event: Any) -> None:
        filter_input = self.query_one("#filter", Input)
        if event.key == "escape" and filter_input.has_focus:
            filter_input.value = ""
            self.table.focus()
            event.stop()
        elif event.key == "down" and filter_input.has_focus:
            self.table.focus()
            event.stop()

    # -- marks -----------------------------------------------------------------------------

    @on(VirtualTable.MarksChanged, "#roster")
    def _marks_changed(self) -> None:
        self._update_status()
        self.refresh_bindings()  # the footer's "Bulk" shows, with the count

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        """The screen's keys, the bulk one described with how many clients are marked."""
        bindings = super().active_bindings
        for key, active in bindings.items():
            if active.binding.id == "roster.bulk":
                described = replace(
                    active.binding, description=f"Bulk: {len(self.marked_ids):,} marked"
                )
                bindings[key] = active._replace(binding=described)
        return bindings

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "bulk" and not self.marked_ids:
            return False  # hidden until something is marked
        return super().check_action(action, parameters)

    def action_mark(self) -> None:
        self.table.toggle_mark()

    def action_mark_all(self) -> None:
        if not self.loaded:  # the first screenful only: "all" would be far fewer
            self.notify("Still reading the roster: press * again in a moment.", timeout=3)
            return
        self.table.mark_all()

    def action_clear(self) -> None:
        """Escape: the filter goes first, then the marks."""
        filter_input = self.query_one("#filter", Input)
        if filter_input.value:
            filter_input.value = ""
            self.table.focus()
        elif self.marked_ids:
            count = len(self.marked_ids)
            self.clear_marks()
            self.notify(f"{count} {'mark' if count == 1 else 'marks'} cleared.")

    @opens_screen
    def action_bulk(self) -> Any:
        if not self.marked_ids:
            mark = keymap.key(self.app, "roster.mark", "space")
            every = keymap.key(self.app, "roster.mark_all", "*")
            self.notify(f"Mark clients first: {mark} marks one, {every} every one shown.")
            return None
        from handover_tui.ui.screens.portfolio import open_bulk_actions

        return open_bulk_actions(self.app, sorted(self.marked_ids))

    # -- actions ---------------------------------------------------------------------------

    def action_focus_filter(self) -> None:
        """Focus the filter before the next key is handed on.

        Keys typed right behind the slash (a fast typist, a paste over SSH) are already
        queued; they must reach the filter, not the list, where "a" would archive a client.
        So the binding has priority (the app runs it before dispatching the next key) and
        focus moves at once, not on the next turn of the loop as ``focus()`` would.
        """
        box = self.query_one("#filter", Input)
        if box.has_focus:  # a priority binding takes the key from the box: type it there
            box.insert_text_at_cursor("/")
            return
        self.set_focus(box)

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

    @on(VirtualTable.HeadingClicked, "#roster")
    def _header_clicked(self, event: VirtualTable.HeadingClicked) -> None:
        if event.key not in SORT_KEYS:
            self.action_toggle_attention()
        elif event.key == self.sort_key:
            self.descending = not self.descending
        else:
            self.sort_key = event.key

    @on(VirtualTable.Chosen, "#roster")
    def _open(self, event: VirtualTable.Chosen) -> None:
        """A row clicked (enter is the priority binding below)."""
        self.app.open_client(event.row_id, known=self._known(event.row_id))

    def _known(self, client_id: int) -> ClientKnown | None:
        row = self.rows.get(client_id)
        return ClientKnown(row.name, row.status) if row is not None else None

    async def action_open_client(self) -> None:
        """Enter on the list: open the client under the cursor before the next key is
        taken. In the filter box it is the box's (handed its keys in order, it then
        moves to the list with the filter applied)."""
        client_id = self.table.current_id
        if client_id is None or self.focused is not self.table:
            raise SkipAction()  # not ours: the focused widget's enter
        await self.app.open_client(client_id, known=self._known(client_id))

    @opens_screen
    def action_new_client(self) -> Any:
        return self.app.new_client()

    @opens_screen
    def action_edit_client(self) -> Any:
        client_id = self.table.current_id
        if client_id is None:
            self.notify("No client selected.", severity="warning")
            return None
        known = self._known(client_id)
        return self.app.edit_client(client_id, known.name if known else None)

    @opens_screen
    def action_start_transition(self) -> Any:
        client_id = self.table.current_id
        if client_id is None:
            self.notify("No client selected.", severity="warning")
            return None
        return self.app.start_transition(client_id)

    @opens_screen
    def action_people(self) -> Any:
        return self.app.action_people()

    @opens_screen
    def action_dashboard(self) -> Any:
        return self.app.action_dashboard()

    @opens_screen
    def action_activity(self) -> Any:
        return self.app.action_activity()

    @opens_screen
    def action_templates(self) -> Any:
        return self.app.action_templates()

    def action_archive(self) -> None:
        row = self.table.current_row
        if row is None:
            self.notify("No client selected.", severity="warning")
            return
        client_id = row.id
        if row.archived:
            change, undo, verb = _unarchive, _archive, "Restored"
        else:
            change, undo, verb = _archive, _unarchive, "Archived"

        def finished(client: Client) -> None:
            self._undo = (f"{verb.lower()} {client.name}", lambda: self._apply(undo, client_id))
            undo_key = keymap.key(self.app, "roster.undo", "u")
            self.notify(f"{verb} {client.name}. Press {undo_key} to undo.")
            self._client_changed(client_id)

        run_db(self, lambda db: change(db, client_id), finished, group="roster-write")

    def _apply(self, change: Callable[[Any, int], Client], client_id: int) -> None:
        run_db(
            self,
            lambda db: change(db, client_id),
            lambda client: self._client_changed(client_id, follow=True),
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

    def _client_changed(self, client_id: int, follow: bool = False) -> None:
        """Read one client again and redraw its row, add it or drop it, without reading or
        rebuilding the rest; ``follow`` puts the cursor on it. While covered, nothing: the
        roster reads everything again when it is shown."""
        if covered(self):
            return
        self.load_signals()  # an owner or a date changed may move other clients' signals

        def read(db: Any) -> list[RosterRow]:
            from handover_tui.services import clients

            return clients.roster_rows(db, only=client_id)

        run_db(
            self,
            read,
            lambda rows: self._one_row(client_id, rows[0] if rows else None, follow),
            group="roster-row",
        )

    def _one_row(self, client_id: int, row: RosterRow | None, follow: bool) -> None:
        if not self.loaded:
            return  # the full read under way brings it
        where = next((i for i, old in enumerate(self._every) if old.id == client_id), None)
        if where is None or row is None:
            if where is not None:  # deleted
                del self._every[where]
                self._ordered = None
                self.table.remove_row(client_id)
                self._after_row_change()
            elif row is not None:  # new: it belongs at its sorted place
                self._every.append(row)
                self._ordered = None
                self._refilter(keep=client_id)
            return
        old, self._every[where] = self._every[where], row
        self._base = None  # it holds the old row; worked out again at the next keystroke
        if self._ordered is not None:
            # The row keeps its place until the next sort, as in a spreadsheet.
            self._ordered[self._ordered.index(old)] = row
        among = self.signals if self.attention_only else None
        shown = bool(
            filter_rows([row], self.filter_text, include_archived=self.show_archived, among=among)
        )
        if shown and self.table.update_row(row):
            if follow:
                self.table.move_to(client_id)
        elif shown:  # back in view (restored, renamed to match the filter)
            self._refilter(keep=client_id if follow else None)
        else:
            self.table.remove_row(client_id)
            self._after_row_change()

    def palette_commands(self) -> Iterable[SystemCommand]:
        attention = keymap.key(self.app, "roster.attention", "!")
        yield SystemCommand("Filter clients", "Type to narrow the roster", self.action_focus_filter)
        yield SystemCommand(
            "Needs attention: only clients with a signal",
            f"Toggle the roster's attention filter ({attention})",
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
        yield SystemCommand(
            "Mark every client shown",
            f"For a bulk action ({keymap.key(self.app, 'roster.mark_all', '*')})",
            self.action_mark_all,
        )
        if self.marked_ids:
            yield SystemCommand(
                f"Bulk action on {len(self.marked_ids)} marked clients",
                "Plan handoffs, change tags or status, archive "
                f"({keymap.key(self.app, 'roster.bulk', 'b')})",
                self.action_bulk,
            )
            yield SystemCommand("Clear the marks", "Unmark every client", self.clear_marks)
