"""The forms of a loose end: add or edit one (what, who holds it, by when, notes), and
the reason asked for when it is dropped."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from handover_tui.ui.screens.form import FormField, FormScreen, FormSpec

if TYPE_CHECKING:
    from handover_tui.models import Contact
    from handover_tui.services.loose_ends import LooseEndRow
    from handover_tui.services.store import Database
    from handover_tui.services.transitions import TransitionPlan

CONTACT = "contact:"
"""The prefix of a holder choice naming one of the client's contacts."""


def holder_choices(plan: TransitionPlan, people: Sequence[Contact]) -> list[tuple[str, str]]:
    """Who may hold a loose end: either owner (named), the client, or one of its contacts."""
    choices = [
        (f"Outgoing owner: {plan.outgoing}" if plan.outgoing else "Outgoing owner", "outgoing"),
        (f"Incoming owner: {plan.incoming}" if plan.incoming else "Incoming owner", "incoming"),
        ("Client (no one named)", "client"),
    ]
    choices += [(f"Client: {person.name}", f"{CONTACT}{person.id}") for person in people]
    return choices


def holder_fields(choice: Any) -> dict[str, Any]:
    """A holder choice as the service takes it: ``holder`` and ``contact_id``."""
    text = str(choice or "")
    if text.startswith(CONTACT):
        return {"holder": "client", "contact_id": text.removeprefix(CONTACT)}
    return {"holder": text, "contact_id": None}


def _service_values(values: dict[str, Any]) -> dict[str, Any]:
    changed = {name: value for name, value in values.items() if name != "holder"}
    if "holder" in values:
        changed.update(holder_fields(values["holder"]))
    return changed


def loose_end_form(plan: TransitionPlan, end: LooseEndRow | None) -> FormScreen:
    """A new loose end of ``plan`` or ``end`` edited; shown at once, the client's
    contacts to choose from arrive from a worker."""
    from handover_tui.services import contacts, loose_ends

    plan_id, client_id = plan.id, plan.transition.client_id

    def spec(people: Sequence[Contact]) -> FormSpec:
        fields = [
            FormField("title", "Loose end", required=True, placeholder="what is left to settle"),
            FormField("holder", "Held by", "select", holder_choices(plan, people), required=True),
            FormField("due_on", "Due on", placeholder="YYYY-MM-DD, optional"),
            FormField("notes", "Notes", "textarea"),
        ]
        if end is None:
            return FormSpec(
                "New loose end",
                fields,
                {"holder": "outgoing"},
                lambda db, values: loose_ends.add_loose_end(db, plan_id, _service_values(values)),
                draft_key=f"loose_end.new.{plan_id}",
            )
        holder = f"{CONTACT}{end.contact_id}" if end.contact_id else end.holder
        return FormSpec(
            "Edit loose end",
            fields,
            {"title": end.title, "holder": holder, "due_on": end.due_on, "notes": end.notes},
            lambda db, changes: loose_ends.update_loose_end(
                db, end.id, _service_values(changes), expected_version=end.version
            ),
            draft_key=f"loose_end.{end.id}",
        )

    return FormScreen.opening(spec([]), lambda db: spec(contacts.list_contacts(db, client_id)))


def drop_form(end: LooseEndRow, today: date) -> FormScreen:
    """Drop a loose end: the reason is required and kept."""
    from handover_tui.services import loose_ends

    def save(db: Database, values: dict[str, Any]) -> Any:
        return loose_ends.drop(db, end.id, values["reason"], today, expected_version=end.version)

    return FormScreen(
        "Drop the loose end",
        [FormField("reason", "Why drop it?", required=True)],
        {},
        save,
    )
