"""Forms for keeping a relationship healthy: a health snapshot, and an alternative to a
change of owner with the date it is reviewed."""

from __future__ import annotations

from datetime import date, timedelta

from handover_tui.domain.vocab import AlternativeKind, RenewalOutcome
from handover_tui.ui.screens.form import FormField, FormScreen
from handover_tui.ui.screens.forms import DATE_HINT

REVIEW_AFTER_DAYS = 30


def health_form(client_id: int, today: date) -> FormScreen:
    """Satisfaction (0 to 10), revenue and renewal outcome on a date."""
    from handover_tui.services import health

    fields = [
        FormField("taken_on", "Date", required=True, placeholder=DATE_HINT),
        FormField("satisfaction", "Satisfaction (0 to 10)", placeholder="e.g. 8"),
        FormField("revenue", "Revenue", placeholder="e.g. 30000 (for the period)"),
        FormField(
            "renewal_outcome",
            "Renewal outcome",
            "select",
            RenewalOutcome.choices(),
            placeholder="(none)",
        ),
    ]
    return FormScreen(
        "Record client health",
        fields,
        {"taken_on": today.isoformat()},
        lambda db, values: health.record_snapshot(db, client_id, values),
    )


def alternative_form(client_id: int, today: date) -> FormScreen:
    """Choose what to try instead of a new owner; its review becomes a checklist item."""
    from handover_tui.services import alternatives

    fields = [
        FormField("kind", "Alternative", "select", AlternativeKind.choices(), required=True),
        FormField("notes", "What was agreed", "textarea"),
        FormField("chosen_on", "Chosen on", required=True, placeholder=DATE_HINT),
        FormField("review_on", "Review on", required=True, placeholder=DATE_HINT),
    ]
    return FormScreen(
        "Try an alternative to a change of owner",
        fields,
        {
            "kind": AlternativeKind.IMPROVEMENT_PLAN.value,
            "chosen_on": today.isoformat(),
            "review_on": (today + timedelta(days=REVIEW_AFTER_DAYS)).isoformat(),
        },
        lambda db, values: alternatives.choose_alternative(db, client_id, values),
    )
