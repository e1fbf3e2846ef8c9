"""The roster's rows: read (a quick first read, then every client and their signals),
kept in memory sorted and filtered, and kept current one client at a time."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import on
from textual.message import Message
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Input, Static

from handover_tui.domain.roster_view import (
    RosterRow,
    filter_rows,
    narrows,
    search_rows,
    sort_rows,
)
from handover_tui.ui import keymap
from handover_tui.ui.background import covered, run_db
from handover_tui.ui.guard import ReadOnlyGuard
from handover_tui.ui.messages import FollowsClients
from handover_tui.ui.screens.roster_rows import TITLES, row_cells
from handover_tui.ui.widgets.virtual_table import VirtualTable

if TYPE_CHECKING:
    from collections.abc import Mapping

    from handover_tui.domain.signals import Signal

PREVIEW_ROWS = 200
"""Rows read first, at the default order, while every row is read: more than a screen."""


class RosterData(FollowsClients, ReadOnlyGuard, Screen):
    """What the roster shows and how it is read; :class:`RosterScreen` adds the keys."""

    sort_key: reactive[str] = reactive("name", init=False)
    descending: reactive[bool] = reactive(False, init=False)
    show_archived: reactive[bool] = reactive(False, init=False)
    attention_only: reactive[bool] = reactive(False, init=False)

    def __init__(self) -> None:
        super().__init__()
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
