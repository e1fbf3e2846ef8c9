"""The form that records a licence or certification a person holds."""

from __future__ import annotations

from handover_tui.ui.screens.form import FormField, FormScreen

CREDENTIAL_FIELDS = [
    FormField("name", "Credential", required=True, placeholder="e.g. CFA Charter"),
    FormField("issuer", "Issued by", placeholder="e.g. CFA Institute"),
    FormField("expires_on", "Expires on", placeholder="YYYY-MM-DD, blank if it never expires"),
]


def credential_form(person_id: int, person_name: str) -> FormScreen:
    """Add a credential to the person; the form is dismissed with the stored one."""
    from handover_tui.services import people

    return FormScreen(
        f"New credential for {person_name}",
        CREDENTIAL_FIELDS,
        {},
        lambda db, values: people.add_credential(db, person_id, values),
    )
