"""The transition tab with the handoff's loose ends: the checklist by phase, then a
"Loose ends" group whose rows are run by the same keys (``space`` marks one done or
opens it again, ``e``/``enter`` edits, ``d`` drops it with a reason), and ``l`` adds one."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on
from textual.binding import Binding
from textual.widgets import DataTable

from handover_tui.domain import plan as plan_rules
from handover_tui.domain.formatting import date_text
from handover_tui.domain.vocab import LooseEndState, TransitionStatus
from handover_tui.ui.keys import opens_screen
from handover_tui.ui.screens.client.checklist import ChecklistPane
from handover_tui.ui.screens.client.plan_view import no_plan_yet
from handover_tui.ui.widgets.record_table import fit

if TYPE_CHECKING:
    from textual.app import SystemCommand

    from handover_tui.services.loose_ends import LooseEndRow
    from handover_tui.services.transitions import TransitionPlan

HEADING = "loose-ends"
"""The row key of the group's heading; each loose end's row is ``loose:<id>``."""
PREFIX = "loose:"


def loose_end_cells(
    end: LooseEndRow, plan: TransitionPlan, columns: list[tuple[str, str, int]], today: date
) -> list[Any]:
    """One loose end's row, cell by column key: state mark, title (with the reason it was
    dropped), who holds it, due date (``!`` when overdue) and when it was settled."""
    widths = {key: width for key, _title, width in columns}
    mark = {"done": "[x]", "dropped": "[-]"}.get(end.state, "[ ]")
    title = end.title
    if end.state == LooseEndState.DROPPED and end.drop_reason.strip():
        title += f" (dropped: {end.drop_reason.strip()})"
    names = {"outgoing": plan.outgoing, "incoming": plan.incoming, "client": end.contact}
    who = names.get(end.holder) or {"outgoing": "Outgoing", "incoming": "Incoming"}.get(
        end.holder, "Client"
    )
    overdue = end.overdue(today)
    shown = fit(title, widths.get("title", 20))
    if end.settled:
        shown.stylize("dim")
    cells: dict[str, Any] = {
        "mark": Text(mark, style="bold" if end.settled else ""),
        "title": shown,
        "who": fit(who, widths.get("who", 16)),
        "due": Text(("! " if overdue else "") + date_text(end.due_on), style="bold" * overdue),
        "done": date_text(end.closed_on),
    }
    return [cells.get(key, "") for key, _title, _width in columns]


def heading_cells(plan: TransitionPlan, columns: list[tuple[str, str, int]]) -> list[Any]:
    settled = sum(end.settled for end in plan.loose_ends)
    width = {key: width for key, _title, width in columns}.get("title", 20)
    heading = fit(f"Loose ends  {settled}/{len(plan.loose_ends)}", width)
    heading.stylize("bold underline")
    return [heading if key == "title" else "" for key, _title, _width in columns]


class PlanPane(ChecklistPane):
    """The checklist pane, with the loose ends listed and run below the phases."""

    BINDINGS = [
        Binding(
            "l",
            "new_loose_end",
            "Loose end",
            id="checklist.loose_end",
            tooltip="Add a loose end: what is left to settle, who holds it, by when",
            priority=True,
        ),
    ]

    def __init__(self, client_id: int) -> None:
        super().__init__(client_id)
        self.loose: dict[int, LooseEndRow] = {}
        self._select_loose: int | None = None

    # -- showing -----------------------------------------------------------------------------

    def show(self, plan: TransitionPlan | None, select: int | None = None) -> None:
        wanted = self._select_loose or (None if select is not None else self._loose_id())
        self._select_loose = None
        super().show(plan, select)
        self.loose = {}
        if plan is None:
            return
        table, columns = self.table, self.columns
        table.add_row(*heading_cells(plan, columns), key=HEADING)
        for end in plan.loose_ends:
            self.loose[end.id] = end
            cells = loose_end_cells(end, plan, columns, self.today)
            table.add_row(*cells, key=f"{PREFIX}{end.id}")
        key = f"{PREFIX}{wanted}"
        if wanted is not None and key in table.rows:
            table.move_cursor(row=table.get_row_index(key))

    def _loose_id(self) -> int | None:
        """The loose end under the cursor, if the cursor is on one."""
        table = self.table
        if table.row_count == 0:
            return None
        row_key, _ = table.coordinate_to_cell_key(table.cursor_coordinate)
        value = row_key.value or ""
        return int(value.removeprefix(PREFIX)) if value.startswith(PREFIX) else None

    def _in_loose_ends(self) -> bool:
        """Whether the cursor is in the loose-ends group (its heading or a row)."""
        table = self.table
        if table.row_count == 0:
            return False
        row_key, _ = table.coordinate_to_cell_key(table.cursor_coordinate)
        return (row_key.value or "").startswith((PREFIX, HEADING))

    def _current_loose(self) -> LooseEndRow | None:
        return self.loose.get(self._loose_id() or -1)

    def _settleable(self, end: LooseEndRow) -> bool:
        """Whether ``end`` may be marked done, dropped or opened again (else say why)."""
        plan = self.plan
        if plan is None:
            no_plan_yet(self)
            return False
        transition = plan.transition
        if plan_rules.tickable(transition.status, transition.completed_on, end.closed_on):
            return True
        return self._has_plan()  # says why not

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """After completion, the keys that settle the loose ends passed on stay offered;
        no loose end is added to a finished plan, nor to a database only read."""
        plan = self.plan
        read_only = bool(getattr(self.app, "read_only", None))
        if action == "new_loose_end" and (read_only or (plan is not None and not plan.running)):
            return None if read_only else False
        allowed = super().check_action(action, parameters)
        if allowed is False and plan is not None and not read_only:
            if plan.transition.status != TransitionStatus.COMPLETED:
                return allowed
            if action == "tick" and any(not end.settled for end in plan.loose_ends):
                return True
            end = self._current_loose() if action == "delete_item" else None
            if end is not None and not end.settled:
                return True  # d drops the open loose end under the cursor
        return allowed

    @on(DataTable.RowHighlighted, "#checklist")
    def _moved(self) -> None:
        """On a finished plan, d is offered only on an open loose end: ask again."""
        if self.plan is not None and not self.plan.running:
            self.refresh_bindings()

    # -- the keys ----------------------------------------------------------------------------

    @opens_screen
    def action_new_loose_end(self) -> Any:
        from handover_tui.ui.screens.loose_end_forms import loose_end_form

        if not self._has_plan() or self.plan is None:
            return None
        return self.app.push_screen(loose_end_form(self.plan, None), self._loose_saved)

    @opens_screen
    def action_new_item(self) -> Any:
        """``n`` in the loose-ends group adds a loose end; elsewhere a checklist item."""
        if self._in_loose_ends():
            return self.action_new_loose_end()
        return super().action_new_item()

    @opens_screen
    def action_edit_item(self) -> Any:
        from handover_tui.ui.screens.loose_end_forms import loose_end_form

        end = self._current_loose()
        if end is None:
            return super().action_edit_item()
        if not self._has_plan() or self.plan is None:
            return None
        return self.app.push_screen(loose_end_form(self.plan, end), self._loose_saved)

    @on(DataTable.RowSelected, "#checklist")
    async def _loose_end_chosen(self) -> None:
        if self._current_loose() is not None:
            await self.action_edit_item()

    def action_tick(self) -> None:
        """``space`` on a loose end marks it done today, or opens a settled one again."""
        from handover_tui.services import loose_ends

        end = self._current_loose()
        if end is None:
            super().action_tick()
            return
        if not self._settleable(end):
            return
        today, version = self.today, end.version
        if end.settled:
            self._write(lambda db: loose_ends.reopen(db, end.id, expected_version=version), end)
        else:
            done = loose_ends.mark_done
            self._write(lambda db: done(db, end.id, today, expected_version=version), end)

    @opens_screen
    def action_delete_item(self) -> Any:
        """``d`` on a loose end drops it, asking why; on an item, deletes the item."""
        from handover_tui.ui.screens.loose_end_forms import drop_form

        end = self._current_loose()
        if end is None:
            super().action_delete_item()
            return None
        if not self._settleable(end):
            return None
        if end.state == LooseEndState.DROPPED:
            self.notify("Already dropped: space opens it again.", severity="warning")
            return None
        return self.app.push_screen(drop_form(end, self.today), self._loose_saved)

    def _write(self, act: Any, end: LooseEndRow) -> None:
        from handover_tui.ui.background import run_db

        def failed(error: BaseException) -> None:
            self.app.show_error(error)
            self._reload(end.id)

        run_db(self, act, lambda stored: self._reload(stored.id), group="plan-write", failed=failed)

    def _loose_saved(self, end: Any) -> None:
        if end is not None:
            self.notify(f"Saved the loose end “{end.title}”.")
            self._reload(end.id)

    def _reload(self, loose_end_id: int) -> None:
        self._select_loose = loose_end_id
        self._changed()

    def palette_commands(self) -> Any:
        from textual.app import SystemCommand

        commands: list[SystemCommand] = list(super().palette_commands())
        commands.append(
            SystemCommand("Add a loose end", "Who holds it, by when", self.action_new_loose_end)
        )
        return commands
