"""The log tab: every contact with the client, and how the communication plan is kept."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, Any

from rich.console import Group
from rich.text import Text
from textual import on
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Static, TabPane

from handover_tui.domain.formatting import date_text, vocab_label
from handover_tui.ui import keymap
from handover_tui.ui.background import run_db
from handover_tui.ui.guard import ReadOnlyGuard
from handover_tui.ui.keys import opens_screen
from handover_tui.ui.messages import PlanChanged
from handover_tui.ui.screens.client.plan_view import no_plan_yet
from handover_tui.ui.widgets.record_table import Column, RecordTable, fit, fit_columns

if TYPE_CHECKING:
    from handover_tui.domain.plan import CadenceStatus
    from handover_tui.models import Interaction
    from handover_tui.services.store import Database
    from handover_tui.services.transitions import TransitionPlan

COLUMNS: list[Column] = [
    ("date", "Date", 10),
    ("kind", "Kind", 18),
    ("attendees", "Attendees", 20),
    ("summary", "Summary", None),
    ("next", "Next", 10),
]
# From 120 cells the attendees get more room, given back while the summary has less
# than 48 cells.
WIDE: list[Column] = [*COLUMNS[:2], ("attendees", "Attendees", 30), *COLUMNS[3:]]
# Below 100 cells the attendees and the next date are in the detail under the list.
NARROW: list[Column] = [
    ("date", "Date", 10),
    ("kind", "Kind", 18),
    ("summary", "Summary", None),
]


def cadence_text(
    report: list[CadenceStatus],
    plan: TransitionPlan | None,
    today: date,
    keys: tuple[str, str] = ("T", "P"),
) -> Text:
    """One line per planned rhythm: how often, missed periods, next due. ``keys`` plan a
    transition and set the plan, as the user's key map has them."""
    start, set_plan = keys
    if plan is None:
        return Text(f"The communication plan comes with a transition ({start}).", style="italic")
    if not report:
        return Text(
            f"No communication plan yet: press {set_plan} to set how often each kind of "
            "contact should happen.",
            style="italic",
        )
    text = Text("Communication plan", style="bold")
    for status in report:
        text.append(f"\n{vocab_label(status.kind)} every {status.every_days} days: ")
        if status.next_due is None:
            text.append("nothing more due")
        elif status.next_due <= today:
            text.append(f"due now (since {date_text(status.next_due)})", style="bold")
        else:
            text.append(f"next due {date_text(status.next_due)}")
        if status.missed:
            missed = ", ".join(date_text(day) for day in status.missed[-3:])
            text.append(f"  ! missed {len(status.missed)} (periods from {missed})", style="bold")
    return text


def entry_renderable(entry: Interaction) -> Group:
    """One log entry in full, under the list: kind, date, next date, who, the summary."""
    head = Text.assemble((vocab_label(entry.kind), "bold"), " · ", date_text(entry.occurred_on))
    if entry.next_planned_on:
        head.append(f" · next planned {date_text(entry.next_planned_on)}")
    who = entry.attendees.strip()
    parts: list[Any] = [head, Text(f"With: {who}") if who else Text("With: —", style="dim")]
    summary = entry.summary.strip()
    parts.append(Text(summary) if summary else Text("No summary.", style="dim italic"))
    return Group(*parts)


class LogPane(ReadOnlyGuard, TabPane):
    """``n`` logs a contact, ``e`` edits, ``d`` deletes (``u`` undoes), ``P`` sets the plan."""

    BINDINGS = [
        Binding(
            "n",
            "new_entry",
            "Log contact",
            id="log.new",
            tooltip="Log a meeting, session, update or check-in",
            priority=True,
        ),
        Binding(
            "e",
            "edit_entry",
            "Edit",
            id="log.edit",
            tooltip="Edit the selected entry",
            priority=True,
        ),
        Binding(
            "d",
            "delete_entry",
            "Delete",
            id="log.delete",
            tooltip="Delete the selected entry (undo with u)",
        ),
        Binding(
            "u",
            "undo",
            "Undo",
            id="log.undo",
            show=False,
            tooltip="Bring back the entry just deleted",
        ),
        Binding(
            "P",
            "plan_cadence",
            "Plan",
            id="log.plan",
            tooltip="Set how often each kind of contact should happen",
            priority=True,
        ),
    ]

    def __init__(self, client_id: int) -> None:
        super().__init__("Log", id="log")
        self.client_id = client_id
        self.entries: dict[int, Interaction] = {}
        self.plan: TransitionPlan | None = None
        self._deleted: Interaction | None = None

    def compose(self) -> ComposeResult:
        yield Static("", id="cadence")
        yield RecordTable(id="log-table")
        with VerticalScroll(id="log-detail-box", can_focus=False):
            yield Static("", id="log-detail")

    def on_mount(self) -> None:
        self.table.use_columns(self.columns)

    @property
    def table(self) -> RecordTable:
        return self.query_one("#log-table", RecordTable)

    @property
    def today(self) -> date:
        return self.app.current_date()

    @property
    def columns(self) -> list[tuple[str, str, int]]:
        width = self.screen.size.width
        wanted = WIDE if width >= 120 else COLUMNS if width >= 100 else NARROW
        return fit_columns(width, wanted, minimum=16, squeeze={"attendees": 20}, want=48)

    def on_resize(self) -> None:
        keep = self.table.current_id
        if self.table.use_columns(self.columns):
            self._rows(list(self.entries.values()), keep)

    def load(self, select: int | None = None) -> None:
        from handover_tui.services import log, transitions

        client_id, today = self.client_id, self.today

        def read(
            db: Database,
        ) -> tuple[list[Interaction], TransitionPlan | None, list[CadenceStatus]]:
            plan = transitions.plan_for_client(db, client_id)
            report = log.cadence_report(db, plan.id, today) if plan else []
            return log.list_interactions(db, client_id), plan, report

        run_db(
            self,
            read,
            lambda result: self.show(*result, select=select),
            group="log",
            exclusive=True,
        )

    def show(
        self,
        entries: list[Interaction],
        plan: TransitionPlan | None,
        report: list[CadenceStatus],
        select: int | None = None,
    ) -> None:
        self.plan = plan
        keys = (
            keymap.key(self.app, "client.start_transition", "T"),
            keymap.key(self.app, "log.plan", "P"),
        )
        self.query_one("#cadence", Static).update(cadence_text(report, plan, self.today, keys))
        self._rows(entries, select)

    def _rows(self, entries: list[Interaction], select: int | None) -> None:
        table = self.table
        keep = select if select is not None else table.current_id
        table.clear()
        self.entries = {entry.id or 0: entry for entry in entries}
        columns = self.columns
        widths = {key: width for key, _title, width in columns}
        for entry in entries:
            cells = {
                "date": date_text(entry.occurred_on),
                "kind": vocab_label(entry.kind),
                "attendees": fit(entry.attendees, widths.get("attendees", 0)),
                "summary": fit(" ".join(entry.summary.split()), widths["summary"]),
                "next": date_text(entry.next_planned_on),
            }
            table.add_row(*(cells[key] for key, _title, _width in columns), key=str(entry.id))
        if keep is not None:
            table.move_to(keep)
        self._show_detail()

    @on(DataTable.RowHighlighted, "#log-table")
    def _show_detail(self) -> None:
        entry = self.entries.get(self.table.current_id or -1)
        self.query_one("#log-detail", Static).update(entry_renderable(entry) if entry else "")
        self.query_one("#log-detail-box").display = entry is not None

    def _changed(self, select: int | None = None) -> None:
        self.load(select=select)

    def _current(self) -> Interaction | None:
        entry = self.entries.get(self.table.current_id or -1)
        if entry is None:
            self.notify("No log entry selected.", severity="warning")
        return entry

    @opens_screen
    def action_new_entry(self) -> Any:
        from handover_tui.ui.screens.forms import interaction_form

        return self.app.push_screen(interaction_form(self.client_id, None, self.today), self._saved)

    @opens_screen
    def action_edit_entry(self) -> Any:
        from handover_tui.ui.screens.forms import interaction_form

        entry = self._current()
        if entry is not None:
            return self.app.push_screen(
                interaction_form(self.client_id, entry, self.today), self._saved
            )

    @on(DataTable.RowSelected, "#log-table")
    def _chosen(self) -> None:
        self.action_edit_entry()

    def _saved(self, entry: Interaction | None) -> None:
        if entry is not None:
            self.notify("Saved the log entry.")
            self._changed(select=entry.id)

    def action_delete_entry(self) -> None:
        from handover_tui.services import log

        entry = self._current()
        if entry is None:
            return

        def deleted(stored: Interaction) -> None:
            self._deleted = stored
            undo_key = keymap.key(self.app, "log.undo", "u")
            self.notify(f"Deleted the log entry. Press {undo_key} to undo.")
            self._changed()

        run_db(
            self, lambda db: log.delete_interaction(db, entry.id or 0), deleted, group="log-write"
        )

    def action_undo(self) -> None:
        from handover_tui.services import log

        entry = self._deleted
        if entry is None:
            self.notify("Nothing to undo.", severity="warning")
            return
        self._deleted = None
        run_db(self, lambda db: log.restore_interaction(db, entry), self._saved, group="log-write")

    @opens_screen
    def action_plan_cadence(self) -> Any:
        from handover_tui.ui.screens.transition_forms import cadence_form

        if self.plan is None:
            no_plan_yet(self)
            return
        return self.app.push_screen(cadence_form(self.plan.id), self._cadence_saved)

    def _cadence_saved(self, saved: object) -> None:
        if saved is not None:  # the plan's row changed: every tab that shows it reads again
            self.post_message(PlanChanged())

    def palette_commands(self) -> Iterable[SystemCommand]:
        yield SystemCommand(
            "Log a contact", "Meeting, session, update or check-in", self.action_new_entry
        )
        yield SystemCommand(
            "Set the communication plan", "How often each kind of contact", self.action_plan_cadence
        )
