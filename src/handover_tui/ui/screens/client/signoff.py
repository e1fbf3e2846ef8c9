"""The sign-off tab: roles and responsibilities, the signatories, and completing the handoff."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Static, TabPane

from handover_tui.domain.formatting import date_text, plural
from handover_tui.domain.vocab import SIDE_LABELS
from handover_tui.ui import keymap
from handover_tui.ui.background import run_db
from handover_tui.ui.guard import ReadOnlyGuard
from handover_tui.ui.keys import opens_screen
from handover_tui.ui.messages import PlanChanged
from handover_tui.ui.screens.client.plan_view import no_plan_yet, roles_renderable
from handover_tui.ui.widgets.record_table import Column, RecordTable, fit, fit_columns

if TYPE_CHECKING:
    from handover_tui.models import SignOff
    from handover_tui.services.transitions import SignOffRow, TransitionPlan


def feedback_renderable(plan: TransitionPlan, feedback_key: str = "F") -> Text:
    """Review and feedback: the summary, then each entry (``feedback_key`` adds one)."""
    text = Text("Review and feedback", style="bold")
    if not plan.feedback:
        text.append(
            f"\nNo feedback yet: press {feedback_key} to record what a side said.", style="italic"
        )
        return text
    text.append(f" — {plan.feedback_summary}")
    for row in plan.feedback:
        who = SIDE_LABELS.get(row.source, row.source)
        if row.author:
            who += f" ({row.author})"
        stars = "★" * row.rating + "☆" * (5 - row.rating)
        text.append(f"\n{stars} {row.rating}/5  {who}, {date_text(row.given_on)}")
        if row.comment:
            text.append(f": {row.comment}", style="italic")
    return text


COLUMNS: list[Column] = [
    ("name", "Name", None),
    ("role", "Role", 20),
    ("side", "Side", 14),
    ("required", "Required", 8),
    ("signed", "Signed", 12),
]


def sign_off_layout(total: int) -> list[tuple[str, str, int]]:
    """The name takes the room; the role gives up cells (down to 12) for its first 18."""
    return fit_columns(total, COLUMNS, squeeze={"role": 12}, want=18)


def sign_off_cells(row: SignOffRow, columns: list[tuple[str, str, int]]) -> list[Any]:
    """One signatory's cells; a name or role too long for its column ends with "…"."""
    widths = {key: width for key, _title, width in columns}
    signed = (
        Text(f"✔ {date_text(row.signed_on)}", style="bold")
        if row.signed_on
        else Text("waiting" if row.required else "optional", style="italic")
    )
    return [
        fit(row.name, widths["name"]),
        fit(row.role, widths["role"]),
        SIDE_LABELS.get(row.side, row.side),
        "yes" if row.required else "no",
        signed,
    ]


class SignOffPane(ReadOnlyGuard, TabPane):
    """``space`` signs or takes a signature back; ``C`` completes the handoff."""

    PARTS = ("#roles-box", "#signoff-title", "#signoffs", "#feedback")  # shown once a plan is read

    BINDINGS = [
        Binding(
            "space",
            "sign",
            "Sign",
            id="signoff.sign",
            tooltip="Record the selected signature today, or take it back",
        ),
        Binding(
            "m",
            "sign_as_me",
            "Sign as me",
            id="signoff.me",
            tooltip="Sign today as yourself (your name in config.toml): your line, or a new one",
        ),
        Binding(
            "n",
            "new_signatory",
            "Add signatory",
            id="signoff.new",
            tooltip="Add a stakeholder who must sign",
            priority=True,
        ),
        Binding(
            "e",
            "edit_signatory",
            "Edit",
            id="signoff.edit",
            tooltip="Change name, role, side, date or whether it is required",
            priority=True,
        ),
        Binding(
            "d",
            "remove_signatory",
            "Remove",
            id="signoff.remove",
            tooltip="Remove the selected signatory (undo with u)",
        ),
        Binding(
            "u",
            "undo",
            "Undo",
            id="signoff.undo",
            show=False,
            tooltip="Bring back the signatory just removed",
        ),
        Binding(
            "F",
            "add_feedback",
            "Feedback",
            id="signoff.feedback",
            tooltip="Record feedback on the handoff from one side, rated 1 to 5",
            priority=True,
        ),
        Binding(
            "C",
            "complete",
            "Complete handoff",
            id="signoff.complete",
            tooltip="Hand the account to the incoming owner",
            priority=True,
        ),
    ]

    def __init__(self, client_id: int) -> None:
        super().__init__("Sign-off", id="signoff")
        self.client_id = client_id
        self.plan: TransitionPlan | None = None
        self._removed: SignOff | None = None

    def compose(self) -> ComposeResult:
        # Focusable: the pane's keys work from the first frame, before the plan is read.
        empty = Static("Reading the plan…", id="signoff-empty")
        empty.can_focus = True
        yield empty
        with VerticalScroll(id="roles-box"):
            yield Static("Roles and responsibilities", classes="section-title")
            yield Static("", id="roles")
        yield Static("Final approval", classes="section-title", id="signoff-title")
        yield RecordTable(id="signoffs")
        yield Static("", id="feedback")

    def on_mount(self) -> None:
        self.table.use_columns(self.columns)
        for part in self.PARTS:
            self.query_one(part).display = False  # until the plan is read

    @property
    def table(self) -> RecordTable:
        return self.query_one("#signoffs", RecordTable)

    @property
    def today(self) -> date:
        return self.app.current_date()

    @property
    def columns(self) -> list[tuple[str, str, int]]:
        return sign_off_layout(self.screen.size.width)

    def on_resize(self) -> None:
        if self.table.use_columns(self.columns) and self.plan is not None:
            self.show(self.plan)

    def show(self, plan: TransitionPlan | None, select: int | None = None) -> None:
        self.plan = plan
        empty = self.query_one("#signoff-empty", Static)
        stand_in_focused = empty.has_focus
        empty.display = plan is None
        for part in self.PARTS:
            self.query_one(part).display = plan is not None
        if plan is None:
            start = keymap.key(self.app, "client.start_transition", "T")
            empty.update(f"Sign-off comes with a transition plan: press {start} to plan one.")
            return
        if stand_in_focused:  # the signatories take the focus, not the roles next in line
            self.table.focus()
        self.query_one("#roles", Static).update(roles_renderable(plan))
        missing = len(plan.missing_sign_offs())
        state = (
            "complete"
            if plan.transition.status == "completed"
            else (
                f"{plural(missing, 'signature')} still needed"
                if missing
                else "all required signatures in"
            )
        )
        self.query_one("#signoff-title", Static).update(f"Final approval — {state}")
        table = self.table
        keep = select if select is not None else table.current_id
        table.clear()
        columns = self.columns
        for row in plan.sign_offs:
            table.add_row(*sign_off_cells(row, columns), key=str(row.id))
        if keep is not None:
            table.move_to(keep)
        feedback_key = keymap.key(self.app, "signoff.feedback", "F")
        self.query_one("#feedback", Static).update(feedback_renderable(plan, feedback_key))

    def _changed(self) -> None:
        self.post_message(PlanChanged())

    def _current(self) -> SignOffRow | None:
        if self.plan is not None and not self.plan.running:
            self.notify(
                f"This transition is {self.plan.transition.status}: its sign-off is "
                "kept as history.",
                severity="warning",
            )
            return None
        rows = {row.id: row for row in (self.plan.sign_offs if self.plan else [])}
        row = rows.get(self.table.current_id or -1)
        if row is None:
            self.notify("Select a signatory first.", severity="warning")
        return row

    def action_sign(self) -> None:
        from handover_tui.services import transitions

        row = self._current()
        if row is None:
            return
        today = self.today

        def signed(stored: Any) -> None:
            what = "Signed" if stored.signed_on else "Took back the signature of"
            self.notify(f"{what} {stored.name}.")
            self._changed()

        run_db(
            self,
            lambda db: transitions.toggle_signed(db, row.id, today),
            signed,
            group="signoff-write",
        )

    def action_sign_as_me(self) -> None:
        from handover_tui.services import transition_checklist

        if self.plan is None:
            no_plan_yet(self)
            return
        transition_id, today = self.plan.id, self.today

        def signed(stored: Any) -> None:
            self.notify(f"Signed as {stored.name} on {stored.signed_on}.")
            self._changed()

        run_db(
            self,
            lambda db: transition_checklist.sign_as_me(db, transition_id, today),
            signed,
            group="signoff-write",
        )

    @opens_screen
    def action_new_signatory(self) -> Any:
        from handover_tui.ui.screens.transition_forms import sign_off_form

        if self.plan is None:
            no_plan_yet(self)
            return
        return self.app.push_screen(sign_off_form(self.plan.id, None), self._saved)

    @opens_screen
    def action_edit_signatory(self) -> Any:
        from handover_tui.ui.screens.transition_forms import sign_off_form

        row = self._current()
        if row is not None and self.plan is not None:
            return self.app.push_screen(sign_off_form(self.plan.id, row), self._saved)

    @on(DataTable.RowSelected, "#signoffs")
    def _chosen(self) -> None:
        self.action_edit_signatory()

    def _saved(self, row: Any) -> None:
        if row is not None:
            self.notify(f"Saved {row.name}.")
            self._changed()

    def action_remove_signatory(self) -> None:
        from handover_tui.services import transitions

        row = self._current()
        if row is None:
            return

        def removed(stored: SignOff) -> None:
            self._removed = stored
            undo_key = keymap.key(self.app, "signoff.undo", "u")
            self.notify(f"Removed {stored.name}. Press {undo_key} to undo.")
            self._changed()

        run_db(
            self, lambda db: transitions.remove_sign_off(db, row.id), removed, group="signoff-write"
        )

    def action_undo(self) -> None:
        from handover_tui.services import transitions

        row = self._removed
        if row is None:
            self.notify("Nothing to undo.", severity="warning")
            return
        self._removed = None

        def restored(stored: SignOff) -> None:
            self.notify(f"Restored {stored.name}.")
            self._changed()

        run_db(
            self,
            lambda db: transitions.restore_sign_off(db, row),
            restored,
            group="signoff-write",
        )

    @opens_screen
    def action_add_feedback(self) -> Any:
        from handover_tui.ui.screens.transition_forms import feedback_form

        if self.plan is None:
            no_plan_yet(self)
            return
        return self.app.push_screen(feedback_form(self.plan.id, self.today), self._feedback_saved)

    def _feedback_saved(self, row: Any) -> None:
        if row is not None:
            self.notify(f"Recorded feedback ({row.rating}/5).")
            self._changed()

    @opens_screen
    def action_complete(self) -> Any:
        from handover_tui.ui.screens.transition_forms import CompleteDialog

        if self.plan is None:
            no_plan_yet(self)
            return
        if self.plan.transition.status not in ("active", "paused"):
            self.notify(
                f"This transition is already {self.plan.transition.status}.", severity="warning"
            )
            return
        return self.app.push_screen(CompleteDialog(self.plan, self.today), self._completed)

    def _completed(self, plan: TransitionPlan | None) -> None:
        if plan is None:
            return
        self.notify(f"{plan.client_name} is handed off to {plan.incoming}.")
        self._changed()

    def palette_commands(self) -> Iterable[SystemCommand]:
        yield SystemCommand(
            "Sign or unsign", "Record the selected signature today", self.action_sign
        )
        yield SystemCommand(
            "Add signatory", "A stakeholder who must sign", self.action_new_signatory
        )
        yield SystemCommand(
            "Complete the handoff", "Give the account to the incoming owner", self.action_complete
        )
