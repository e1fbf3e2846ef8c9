"""Forms for relationship fit: how demanding a client is."""

from __future__ import annotations

from typing import TYPE_CHECKING

from handover_tui.domain.complexity import QUESTIONS
from handover_tui.ui.screens.form import FormField, FormScreen, FormSpec

if TYPE_CHECKING:
    from handover_tui.models import Client

SCALE = [
    ("1 simple", 1),
    ("2", 2),
    ("3 average", 3),
    ("4", 4),
    ("5 very demanding", 5),
]
COMPLEXITY_FIELDS = [
    FormField(name, question, "select", SCALE, placeholder="(not assessed)")
    for name, question, _short in QUESTIONS
]


def complexity_form(client_id: int, name: str | None = None) -> FormScreen:
    """The four answers, read in a worker; the weight is their rounded mean."""
    from handover_tui.services import clients, complexity

    def spec(client: Client | None) -> FormSpec:
        title = f"Complexity of {client.name if client else name or 'the client'}"
        if client is None:
            return FormSpec(title, COMPLEXITY_FIELDS, {}, lambda db, values: None)
        version = client.version
        return FormSpec(
            title,
            COMPLEXITY_FIELDS,
            complexity.answers_of(client),
            lambda db, values: complexity.assess_complexity(
                db, client_id, values, expected_version=version
            ),
            draft_key=f"client.{client_id}.complexity",
        )

    return FormScreen.opening(
        spec(None), lambda db: spec(clients.get_client(db, client_id).client), reading=True
    )
