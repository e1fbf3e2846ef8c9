"""Forms and dialogs of a transition: start, item, dates and roles, reasons, sign-off,
template name, and the completion dialog."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from handover_tui.domain.vocab import Channel, Phase, Side, TransitionReason
from handover_tui.services.errors import explain
from handover_tui.ui import keymap
from handover_tui.ui.background import run_db
from handover_tui.ui.screens.form import FormField, FormScreen, FormSpec
from handover_tui.ui.screens.record_form import RecordForm

if TYPE_CHECKING:
    from handover_tui.services.people import PersonRow
    from handover_tui.services.store import Database
    from handover_tui.services.templates import TemplateChoice
    from handover_tui.services.transitions import ChecklistRow, SignOffRow, TransitionPlan

BUILTIN = 0  # the built-in template's value in the picker (Select values cannot be None)
SIDES = [(side.label, side.value) for side in Side if side is not Side.STAKEHOLDER]


def start_form(client_id: int, today: date) -> FormScreen:
    """Plan a handoff: who takes over, why, from when, with which checklist. Shown at
    once; the people and templates to choose from arrive from a worker."""
    from handover_tui.services import clients, people, templates, transitions

    def save(db: Database, chosen: dict[str, Any]) -> int:
        if chosen.get("template_id") == BUILTIN:
            chosen["template_id"] = None
        return transitions.start_transition(db, client_id, chosen, today=today)

    def spec(
        owner_id: int | None, rows: Sequence[PersonRow], choices: Sequence[TemplateChoice]
    ) -> FormSpec:
        fields = [
            FormField(
                "incoming_id",
                "Incoming owner",
                "select",
                [(p.name, p.id) for p in rows if p.id != owner_id],
                required=True,
                placeholder="(pick the successor)",
            ),
            FormField("reason", "Reason", "select", TransitionReason.choices(), required=True),
            FormField("reason_detail", "Reason, in words", placeholder="optional"),
            FormField("start", "Starts on", required=True, placeholder="YYYY-MM-DD"),
            FormField("preparation_days", "Preparation days"),
            FormField("execution_days", "Execution days"),
            FormField("support_days", "Support days"),
            FormField(
                "template_id",
                "Checklist template",
                "select",
                [(f"{t.name} ({t.items} items)", t.id or BUILTIN) for t in choices],
                required=True,
            ),
            FormField("consent_required", "Contract requires client consent", "checkbox"),
        ]
        values = {
            "reason": TransitionReason.WORKLOAD.value,
            "start": today.isoformat(),
            "preparation_days": "14",
            "execution_days": "30",
            "support_days": "14",
            "template_id": BUILTIN,
        }
        return FormSpec("Plan a transition", fields, values, save)

    def load(db: Database) -> FormSpec:
        owner_id = clients.get_client(db, client_id).client.owner_id
        return spec(owner_id, people.list_people(db), templates.list_templates(db))

    return FormScreen.opening(spec(None, [], []), load)


def item_form(transition_id: int, item: ChecklistRow | None, phase: str) -> FormScreen:
    """A new item (in ``phase``) or ``item`` edited; shown at once, the people to make
    responsible arrive from a worker."""
    from handover_tui.services import people, transitions

    def spec(rows: Sequence[PersonRow]) -> FormSpec:
        fields = [
            FormField("title", "Item", required=True),
            FormField(
                "phase", "Phase", "select", [(p.label, p.value) for p in Phase], required=True
            ),
            FormField("side", "Responsible side", "select", SIDES, required=True),
            FormField(
                "responsible_id",
                "Responsible person",
                "select",
                [(p.name, p.id) for p in rows],
                placeholder="(the side as a whole)",
            ),
            FormField("due_on", "Due on", placeholder="YYYY-MM-DD"),
            FormField("notes", "Notes", "textarea"),
        ]
        if item is None:
            return FormSpec(
                "New checklist item",
                fields,
                {"phase": phase, "side": Side.OUTGOING.value},
                lambda db, values: transitions.add_item(db, transition_id, values),
            )
        return FormSpec(
            "Edit checklist item",
            fields,
            {spec.name: getattr(item, spec.name) for spec in fields},
            lambda db, changes: transitions.update_item(
                db, item.id, changes, expected_version=item.version
            ),
        )

    return FormScreen.opening(spec([]), lambda db: spec(people.list_people(db)))


def plan_form(transition_id: int, today: date) -> RecordForm:
    """The plan's dates, consent, reason and the free-text roles of each side."""
    from handover_tui.services import transitions

    fields = []
    for phase in Phase:
        fields += [
            FormField(f"{phase.value}_start", f"{phase.value.capitalize()} from", required=True),
            FormField(f"{phase.value}_end", f"{phase.value.capitalize()} until", required=True),
        ]
    fields += [
        FormField("overlap_end", "Overlap until", placeholder="YYYY-MM-DD"),
        FormField("client_informed_on", "Client informed on", placeholder="YYYY-MM-DD"),
        FormField("consent_required", "Contract requires client consent", "checkbox"),
        FormField("consent_obtained_on", "Consent obtained on", placeholder="YYYY-MM-DD"),
        FormField("reason", "Reason", "select", TransitionReason.choices(), required=True),
        FormField("reason_detail", "Reason, in words"),
        FormField("roles_outgoing", "Outgoing owner's role", "textarea"),
        FormField("roles_incoming", "Incoming owner's role", "textarea"),
        FormField("roles_client", "Client's role", "textarea"),
    ]
    return RecordForm(
        "Plan: dates, consent and roles",
        fields,
        lambda db: transitions.get_transition(db, transition_id),
        lambda db, changes, version: transitions.update_transition(
            db, transition_id, changes, expected_version=version, today=today
        ),
    )


def summary_form(transition_id: int) -> RecordForm:
    """The handoff summary, section by section."""
    from handover_tui.domain.plan import SUMMARY_SECTIONS
    from handover_tui.services import transitions

    fields = [FormField(name, heading, "textarea") for name, heading in SUMMARY_SECTIONS]
    # How to reach the outgoing owner after the handoff: until when, by which channel.
    fields += [
        FormField("summary_reachable_until", "Reachable until", placeholder="YYYY-MM-DD"),
        FormField("summary_reach_channel", "Reach me by", "select", Channel.choices()),
    ]
    return RecordForm(
        "Handoff summary",
        fields,
        lambda db: transitions.get_transition(db, transition_id),
        lambda db, changes, version: transitions.update_summary(
            db, transition_id, changes, expected_version=version
        ),
    )


def feedback_form(transition_id: int, today: date) -> FormScreen:
    from handover_tui.services import transitions

    sources = [(side.label, side.value) for side in Side if side is not Side.BOTH]
    fields = [
        FormField("source", "From", "select", sources, required=True),
        FormField("author", "Who", placeholder="name, optional"),
        FormField("rating", "Rating (1-5)", required=True, placeholder="5 is excellent"),
        FormField("comment", "Comment", "textarea"),
        FormField("given_on", "Given on", required=True),
    ]
    return FormScreen(
        "Feedback on the handoff",
        fields,
        {"source": Side.CLIENT.value, "given_on": today.isoformat()},
        lambda db, values: transitions.add_feedback(db, transition_id, values),
    )


def cadence_form(transition_id: int) -> RecordForm:
    """How often each kind of contact should happen while the transition runs."""
    from handover_tui.services import log, transitions

    fields = [
        FormField(f"every_{kind}", f"{label} every", placeholder="days; blank for none")
        for kind, label in (
            ("status_meeting", "Status meeting"),
            ("knowledge_transfer", "Knowledge transfer"),
            ("client_update", "Client update"),
            ("check_in", "Check-in"),
        )
    ]
    return RecordForm(
        "Communication plan (days between contacts)",
        fields,
        lambda db: transitions.get_transition(db, transition_id),
        lambda db, changes, version: log.set_cadence(
            db, transition_id, changes, expected_version=version
        ),
    )


def reason_form(title: str, label: str, act: Callable[[Database, str], Any]) -> FormScreen:
    return FormScreen(
        title,
        [FormField("reason", label, required=True)],
        {},
        lambda db, values: act(db, values["reason"]),
    )


def template_name_form(transition_id: int) -> FormScreen:
    from handover_tui.services import templates

    fields = [
        FormField("name", "Template name", required=True),
        FormField("description", "Description", "textarea"),
    ]
    return FormScreen(
        "Save checklist as template",
        fields,
        {},
        lambda db, values: templates.save_as_template(db, transition_id, values),
    )


def sign_off_form(transition_id: int, row: SignOffRow | None) -> FormScreen:
    from handover_tui.services import transitions

    fields = [
        FormField("name", "Name", required=True),
        FormField("role", "Role"),
        FormField("side", "Side", "select", [(s.label, s.value) for s in Side], required=True),
        FormField("required", "Required to complete", "checkbox"),
        FormField("signed_on", "Signed on", placeholder="YYYY-MM-DD, blank if not yet"),
    ]
    if row is None:
        return FormScreen(
            "Add signatory",
            fields,
            {"side": "stakeholder", "required": True},
            lambda db, values: transitions.add_sign_off(db, transition_id, values),
        )
    values = {spec.name: getattr(row, spec.name) for spec in fields}
    return FormScreen(
        f"Signatory {row.name}",
        fields,
        values,
        lambda db, changes: transitions.update_sign_off(db, row.id, changes),
    )


class CompleteDialog(ModalScreen["TransitionPlan | None"]):
    """Confirm the handoff; with open points it needs a reason to go ahead anyway."""

    DEFAULT_CSS = """
    CompleteDialog {
        align: center middle;
    }
    CompleteDialog > Vertical {
        width: 76;
        max-width: 100%;
        height: auto;
        border: thick $primary;
        background: $surface;
        padding: 0 1;
    }
    CompleteDialog #complete-title {
        text-style: bold;
        padding: 0 0 1 0;
    }
    CompleteDialog #complete-problem {
        color: $error;
    }
    CompleteDialog Horizontal {
        height: auto;
        align: right middle;
        padding: 1 0 0 0;
    }
    CompleteDialog Button {
        margin: 0 0 0 1;
    }
    """

    BINDINGS = [
        Binding("escape", "dismiss_none", "Cancel", id="complete.cancel"),
        Binding("ctrl+s", "confirm", "Complete", id="complete.confirm"),
    ]

    def __init__(self, plan: TransitionPlan, today: date) -> None:
        super().__init__()
        self.plan = plan
        self.today = today
        self.reasons = plan.not_ready()

    def compose(self) -> ComposeResult:
        plan = self.plan
        with Vertical():
            yield Static(
                f"Hand {plan.client_name} over from {plan.outgoing} to {plan.incoming}?",
                id="complete-title",
            )
            if self.reasons:
                yield Static("Not ready:\n" + "\n".join(f"• {r}" for r in self.reasons))
                yield Static("\nTo complete anyway, say why (it is kept with the transition):")
                yield Input(placeholder="reason for completing with open points", id="override")
            else:
                yield Static(
                    "Every required sign-off is in and every item is done. "
                    f"{plan.incoming} becomes the owner."
                )
            yield Static("", id="complete-problem")
            with Horizontal():
                go = keymap.key(self.app, "complete.confirm", "ctrl+s")
                label = f"Complete anyway ({go})" if self.reasons else f"Complete ({go})"
                yield Button(label, variant="primary", id="complete-go")
                cancel = keymap.key(self.app, "complete.cancel", "esc")
                yield Button(f"Cancel ({cancel})", id="complete-cancel")

    def action_dismiss_none(self) -> None:
        """Close; a reason typed but not used is not dropped unasked."""
        from handover_tui.ui.screens.form_leave import LeaveDialog

        if not self.reasons or not self.query_one("#override", Input).value.strip():
            self.dismiss(None)
            return

        def chosen(choice: str | None) -> None:
            if choice == "discard":
                self.dismiss(None)

        self.app.push_screen(LeaveDialog("Complete the handoff", drafts=False), chosen)

    @on(Button.Pressed, "#complete-cancel")
    def _cancel(self) -> None:
        self.action_dismiss_none()

    @on(Button.Pressed, "#complete-go")
    @on(Input.Submitted, "#override")
    def action_confirm(self) -> None:
        from handover_tui.services import transitions

        override = ""
        if self.reasons:
            override = self.query_one("#override", Input).value.strip()
            if not override:
                cancel = keymap.key(self.app, "complete.cancel", "escape")
                self._problem(f"Give a reason to complete with open points, or press {cancel}.")
                return
        plan_id, today = self.plan.id, self.today
        run_db(
            self,
            lambda db: transitions.complete(db, plan_id, today, override=override),
            self.dismiss,
            group="complete",
            failed=self._failed,
        )

    def _failed(self, error: BaseException) -> None:
        from handover_tui.services.transitions import NotReady

        self._problem(" ".join(error.reasons) if isinstance(error, NotReady) else explain(error))

    def _problem(self, message: str) -> None:
        self.query_one("#complete-problem", Static).update(message)
