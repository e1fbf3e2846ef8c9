"""The roster: every client, filtered as you type, sorted by any column, marked for bulk work.

Every client is read once (in a worker) into plain rows; each keystroke filters and each
sort reorders them in memory (``domain.roster_view``), and the table draws only the rows on
screen. Keys pressed before the rows arrive are kept: the filter typed applies when they do.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from textual import on
from textual.actions import SkipAction
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.widgets import Header, Input, Static

from handover_tui.domain.formatting import plural
from handover_tui.ui import keymap
from handover_tui.ui.background import covered, run_db
from handover_tui.ui.keys import opens_screen
from handover_tui.ui.messages import ClientKnown
from handover_tui.ui.screens.roster_data import RosterData
from handover_tui.ui.screens.roster_rows import SORT_KEYS, layout
from handover_tui.ui.widgets.footer import Footer
from handover_tui.ui.widgets.virtual_table import VirtualTable

if TYPE_CHECKING:
    from textual.binding import ActiveBinding

    from handover_tui.models import Client


def _archive(db: Any, client_id: int) -> Client:
    from handover_tui.services import clients  # in the worker: a heavy import

    return clients.archive_client(db, client_id)


def _unarchive(db: Any, client_id: int) -> Client:
    from handover_tui.services import clients

    return clients.unarchive_client(db, client_id)


class RosterScreen(RosterData):
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

    def __init__(self) -> None:
        super().__init__()
        self._undo: tuple[str, Callable[[], None]] | None = None

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
                f"Bulk action on {plural(len(self.marked_ids), 'marked client')}",
                "Plan handoffs, change tags or status, archive "
                f"({keymap.key(self.app, 'roster.bulk', 'b')})",
                self.action_bulk,
            )
            yield SystemCommand("Clear the marks", "Unmark every client", self.clear_marks)
