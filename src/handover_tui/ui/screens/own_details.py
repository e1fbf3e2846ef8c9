"""The user's own name and details, kept in config.toml: asked once when the app first
starts on a terminal without a name, and editable from the palette ("Your details")."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from handover_tui.ui.screens.form import FormField, FormScreen, FormSpec

if TYPE_CHECKING:
    from handover_tui.config import Settings
    from handover_tui.services.store import Database

FIRST_TITLE = (
    "Welcome to handover. What is your name?\n"
    "It goes under “Prepared by” on the plans you write, on your notes and beside your "
    "changes. Escape skips this; ctrl+p, “Your details”, brings it back."
)


def own_details_form(settings: Settings, *, first: bool = False) -> FormScreen:
    """The form, shown at once; the people to pick "you" from arrive from a worker."""
    from handover_tui.services import identity

    def spec(people: Sequence[str]) -> FormSpec:
        choices = [(name, name) for name in people]
        if settings.me and settings.me not in people:
            choices.insert(0, (settings.me, settings.me))
        fields = [
            FormField("name", "Your name", required=True, placeholder="e.g. Dana Whitlock"),
            FormField("title", "Job title", placeholder="e.g. Account Director"),
            FormField("email", "E-mail"),
            FormField("phone", "Phone", placeholder=f"+1 … (or a {settings.phone_region} number)"),
            FormField("me", "Listed as", "select", choices, placeholder="(not among the people)"),
        ]
        values = {
            "name": settings.name,
            "title": settings.title,
            "email": settings.email,
            "phone": settings.phone,
            "me": settings.me or None,
        }
        return FormSpec(
            FIRST_TITLE if first else "Your name and details",
            fields,
            values,
            lambda _db, entered: identity.save_own_details(settings, _blank_me(entered)),
        )

    def load(db: Database) -> FormSpec:
        from handover_tui.services import people

        return spec([person.name for person in people.list_people(db)])

    return FormScreen.opening(spec([]), load)


def _blank_me(values: dict[str, Any]) -> dict[str, Any]:
    """The select's "nobody" (None) is an empty setting."""
    return {**values, "me": values.get("me") or ""}
