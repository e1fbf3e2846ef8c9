"""The transition tab: the plan's phases, its checklist grouped by phase, and progress."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING, Any

from textual import on
from textual.app import ComposeResult, SystemCommand
from textual.containers import Horizontal
from textual.widgets import DataTable, ProgressBar, Static, TabPane

from handover_tui.domain.vocab import Phase, TransitionStatus
from handover_tui.ui import keymap
from handover_tui.ui.background import run_db
from handover_tui.ui.guard import ReadOnlyGuard
from handover_tui.ui.keys import opens_screen
from handover_tui.ui.messages import PlanChanged
from handover_tui.ui.screens.client.checklist_keys import CHECKLIST_BINDINGS
from handover_tui.ui.screens.client.plan_view import (
    COLUMNS,
    ChecklistTable,
    head_renderable,
    item_cells,
    no_plan_yet,
    phase_cells,
)
from handover_tui.ui.widgets.record_table import fit_columns

if TYPE_CHECKING:
    from handover_tui.models import ChecklistItem
    from handover_tui.services.transitions import ChecklistRow, TransitionPlan

# What a finished plan no longer allows: it is history, but for the open items a
# completed handoff passed on (still ticked), its summary and saving it as a template.
FINISHED_LOCKED = frozenset(
    {"new_item", "edit_item", "delete_item", "undo", "move", "edit_plan", "pause"}
    | {"cancel_transition"}
)


class ChecklistPane(ReadOnlyGuard, TabPane):
    """Run the plan by keys: ``space`` ticks, ``n``/``e``/``d`` edit, ``K``/``J`` reorder."""

    PARTS = ("#plan-head", "#plan-progress-row", "#checklist")  # shown once a plan is read

    BINDINGS = CHECKLIST_BINDINGS

    def __init__(self, client_id: int) -> None:
        super().__init__("Transition", id="transition")
        self.client_id = client_id
        self.plan: TransitionPlan | None = None
        self.items: dict[int, ChecklistRow] = {}
        self._removed: ChecklistItem | None = None
        self.warnings_shown = False
        """Whether the timing warnings are listed in full or folded into one line."""

    def compose(self) -> ComposeResult:
        # Focusable: the pane's keys work from the first frame, before the plan is read.
        empty = Static("Reading the plan…", id="plan-empty")
        empty.can_focus = True
        yield empty
        yield Static("", id="plan-head")
        with Horizontal(id="plan-progress-row"):
            yield ProgressBar(total=1, show_eta=False, id="plan-progress")
            yield Static("", id="plan-phases")
        yield ChecklistTable(id="checklist")

    def on_mount(self) -> None:
        self.table.use_columns(self.columns)
        for part in self.PARTS:
            self.query_one(part).display = False  # until the plan is read

    @property
    def today(self) -> date:
        return self.app.current_date()

    @property
    def table(self) -> ChecklistTable:
        return self.query_one("#checklist", ChecklistTable)

    @property
    def columns(self) -> list[tuple[str, str, int]]:
        return fit_columns(self.screen.size.width, COLUMNS, minimum=20)

    def on_resize(self) -> None:
        keep = self.table.current_id
        if self.table.use_columns(self.columns):
            self.show(self.plan, keep)

    # -- showing -----------------------------------------------------------------------------

    def load(self, select: int | None = None) -> None:
        from handover_tui.services import transitions

        client_id = self.client_id
        run_db(
            self,
            lambda db: transitions.plan_for_client(db, client_id),
            lambda plan: self.show(plan, select),
            group="plan",
            exclusive=True,
        )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """A finished plan's footer offers only what still works on it."""
        plan = self.plan
        if action == "toggle_warnings":
            return plan is not None and bool(plan.warnings)
        if plan is not None and not plan.running:
            if action in FINISHED_LOCKED:
                return False
            if action == "tick" and not any(plan.can_tick(item) for item in plan.items):
                return False
        return super().check_action(action, parameters)

    def show(self, plan: TransitionPlan | None, select: int | None = None) -> None:
        self.plan = plan
        self.refresh_bindings()
        empty = self.query_one("#plan-empty", Static)
        empty.display = plan is None
        for part in self.PARTS:
            self.query_one(part).display = plan is not None
        if plan is None:
            start = keymap.key(self.app, "client.start_transition", "T")
            empty.update(
                "No transition planned for this client.\n\n"
                f"Press {start} to plan the handoff to an incoming owner."
            )
            return
        self._show_head()
        table = self.table
        keep = select if select is not None else table.current_id
        table.clear()
        self.items = {item.id: item for item in plan.items}
        columns = self.columns
        for phase in Phase:
            table.add_row(*phase_cells(plan, phase, columns), key=f"phase:{phase.value}")
            for item in plan.items_in(phase):
                table.add_row(*item_cells(item, columns, self.today), key=str(item.id))
        if keep is not None:
            table.move_to(keep)
        elif table.row_count > 1:
            table.move_cursor(row=1)
        self._show_progress()

    def _show_head(self) -> None:
        if self.plan is None:
            return
        summary_key = keymap.key(self.app, "checklist.summary", "H")
        warnings = (keymap.key(self.app, "checklist.warnings", "w"), self.warnings_shown)
        head = self.query_one("#plan-head", Static)
        head.update(head_renderable(self.plan, self.today, summary_key, warnings))
        head.set_class(self.warnings_shown, "-warnings-shown")

    def action_toggle_warnings(self) -> None:
        """List the timing warnings, or fold them into one line: the checklist gets the rows."""
        self.warnings_shown = not self.warnings_shown
        self._show_head()

    def _show_progress(self) -> None:
        plan = self.plan
        if plan is None:
            return
        overall = plan.progress()
        self.query_one("#plan-progress", ProgressBar).update(
            total=max(overall.total, 1), progress=overall.done
        )
        phases = "  ".join(f"{phase.value.capitalize()} {plan.progress(phase)}" for phase in Phase)
        # One line of fixed height and 1fr width: its size never changes with the text.
        self.query_one("#plan-phases", Static).update(f"{overall} done   ·  {phases}", layout=False)
        for phase in Phase:
            self.table.redraw_row(f"phase:{phase.value}", phase_cells(plan, phase, self.columns))

    # -- the checklist -------------------------------------------------------------------------

    def _current_item(self) -> ChecklistRow | None:
        item = self.items.get(self.table.current_id or -1)
        if item is None:
            self.notify("Select a checklist item first.", severity="warning")
        return item

    def _has_plan(self) -> bool:
        """Whether there is a plan that may still change (else say why not)."""
        if self.plan is None:
            no_plan_yet(self)
            return False
        if not self.plan.running:
            self.notify(
                f"This transition is {self.plan.transition.status}: its plan is kept as history.",
                severity="warning",
            )
            return False
        return True

    def _tickable(self, item: ChecklistRow) -> bool:
        """Whether ``item`` may be ticked: any while the plan runs; after completion, the
        open items passed on and those done since (else say why not)."""
        if self.plan is not None and self.plan.can_tick(item):
            return True
        return self._has_plan()  # says why not

    def action_tick(self) -> None:
        from handover_tui.services import transitions

        item = self._current_item()
        if item is None or self.plan is None or not self._tickable(item):
            return
        today = self.today

        def ticked(stored: ChecklistItem) -> None:
            """Redraw the one row and the progress from what was stored, nothing re-read;
            the other tabs and the signals follow once that frame is painted."""
            row = replace(item, done_on=stored.done_on, version=stored.version)
            self.items[row.id] = row
            assert self.plan is not None
            self.plan = replace(self.plan, items=[self.items.get(i.id, i) for i in self.plan.items])
            self.table.redraw_row(str(row.id), item_cells(row, self.columns, today))
            self.refresh_bindings()
            self._show_progress()
            self.call_after_refresh(self.post_message, PlanChanged(self.plan))

        def failed(error: BaseException) -> None:
            self.app.show_error(error)
            self.load(select=item.id)  # show what the other session saved

        run_db(
            self,
            lambda db: transitions.tick_item(
                db, item.id, today, done=not item.done, expected_version=item.version
            ),
            ticked,
            group="plan-write",
            failed=failed,
        )

    @opens_screen
    def action_new_item(self) -> Any:
        from handover_tui.ui.screens.transition_forms import item_form

        if not self._has_plan() or self.plan is None:
            return
        current = self.items.get(self.table.current_id or -1)
        phase = current.phase if current else Phase.PREPARATION.value
        return self.app.push_screen(item_form(self.plan.id, None, phase), self._item_saved)

    @opens_screen
    def action_edit_item(self) -> Any:
        from handover_tui.ui.screens.transition_forms import item_form

        item = self._current_item()
        if item is None or not self._has_plan() or self.plan is None:
            return
        plan_id = self.plan.id
        return self.app.push_screen(item_form(plan_id, item, item.phase), self._item_saved)

    @on(DataTable.RowSelected, "#checklist")
    def _chosen(self) -> None:
        if self.items.get(self.table.current_id or -1):
            self.action_edit_item()

    def _item_saved(self, item: ChecklistItem | None) -> None:
        if item is not None:
            self.notify(f"Saved “{item.title}”.")
            self._changed(select=item.id)

    def _changed(self, select: int | None = None) -> None:
        """Show the plan again here (cursor kept) and let the other tabs follow."""
        self.load(select=select)
        self.post_message(PlanChanged())

    def action_delete_item(self) -> None:
        from handover_tui.services import transitions

        item = self._current_item()
        if item is None or not self._has_plan():
            return

        def deleted(stored: ChecklistItem) -> None:
            self._removed = stored
            undo_key = keymap.key(self.app, "checklist.undo", "u")
            self.notify(f"Deleted “{stored.title}”. Press {undo_key} to undo.")
            self._changed()

        run_db(self, lambda db: transitions.delete_item(db, item.id), deleted, group="plan-write")

    def action_undo(self) -> None:
        from handover_tui.services import transitions

        removed = self._removed
        if removed is None:
            self.notify("Nothing to undo.", severity="warning")
            return
        self._removed = None
        run_db(
            self,
            lambda db: transitions.restore_item(db, removed),
            lambda item: self._changed(select=item.id),
            group="plan-write",
        )

    def action_move(self, step: int) -> None:
        from handover_tui.services import transitions

        item = self._current_item()
        if item is None:
            return
        run_db(
            self,
            lambda db: transitions.move_item(db, item.id, step),
            lambda _item: self._changed(select=item.id),
            group="plan-write",
        )

    # -- the plan as a whole -------------------------------------------------------------------

    @opens_screen
    def action_edit_plan(self) -> Any:
        from handover_tui.ui.screens.transition_forms import plan_form

        if self._has_plan() and self.plan is not None:
            return self.app.push_screen(plan_form(self.plan.id, self.today), self._plan_changed)

    @opens_screen
    def action_edit_summary(self) -> Any:
        from handover_tui.ui.screens.transition_forms import summary_form

        if self.plan is None:
            no_plan_yet(self)
            return
        return self.app.push_screen(summary_form(self.plan.id), self._plan_changed)

    def _plan_changed(self, result: Any) -> None:
        if result is not None:
            self.notify("Saved the plan.")
            self.post_message(PlanChanged())

    @opens_screen
    def action_pause(self) -> Any:
        from handover_tui.services import transitions
        from handover_tui.ui.screens.transition_forms import reason_form

        if self.plan is None:
            no_plan_yet(self)
            return
        plan_id, today = self.plan.id, self.today
        status = self.plan.transition.status
        if status == TransitionStatus.PAUSED:
            run_db(
                self,
                lambda db: transitions.resume(db, plan_id, today),
                lambda _t: self._plan_changed(True),
                group="plan-write",
            )
        elif status == TransitionStatus.ACTIVE:
            form = reason_form(
                "Pause the transition",
                "Why pause?",
                lambda db, reason: transitions.pause(db, plan_id, reason),
            )
            return self.app.push_screen(form, self._plan_changed)
        else:
            self.notify(f"This transition is {status}.", severity="warning")

    @opens_screen
    def action_cancel_transition(self) -> Any:
        from handover_tui.services import transitions
        from handover_tui.ui.screens.transition_forms import reason_form

        if not self._has_plan() or self.plan is None:
            return
        plan_id = self.plan.id
        form = reason_form(
            "Cancel the transition",
            "Why cancel? The plan stays in history.",
            lambda db, reason: transitions.cancel(db, plan_id, reason),
        )
        return self.app.push_screen(form, self._plan_changed)

    @opens_screen
    def action_save_template(self) -> Any:
        from handover_tui.ui.screens.transition_forms import template_name_form

        if self._has_plan() and self.plan is not None:
            return self.app.push_screen(template_name_form(self.plan.id), self._template_saved)

    def _template_saved(self, template: Any) -> None:
        if template is not None:
            self.notify(f"Saved the checklist as the template “{template.name}”.")

    def palette_commands(self) -> Iterable[SystemCommand]:
        yield SystemCommand("Tick checklist item", "Done today, or open again", self.action_tick)
        yield SystemCommand("Add checklist item", "A new item in the plan", self.action_new_item)
        yield SystemCommand(
            "Edit checklist item", "Change the selected item", self.action_edit_item
        )
        yield SystemCommand("Delete checklist item", "Undo with u", self.action_delete_item)
        yield SystemCommand(
            "Move checklist item up", "Within its phase", lambda: self.action_move(-1)
        )
        yield SystemCommand(
            "Move checklist item down", "Within its phase", lambda: self.action_move(1)
        )
        yield SystemCommand(
            "Edit plan dates and roles", "Phases, consent, reason, roles", self.action_edit_plan
        )
        yield SystemCommand(
            "Write the handoff summary", "What the successor reads first", self.action_edit_summary
        )
        yield SystemCommand(
            "Show or hide timing warnings", "On the plan tab", self.action_toggle_warnings
        )
        yield SystemCommand("Pause or resume the transition", "With a reason", self.action_pause)
        yield SystemCommand(
            "Cancel the transition", "With a reason; history stays", self.action_cancel_transition
        )
        yield SystemCommand(
            "Save checklist as template", "Reuse it for the next handoff", self.action_save_template
        )
