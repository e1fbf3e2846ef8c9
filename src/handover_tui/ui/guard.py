"""Edits switched off, with the reason, when the database can only be read.

Screens and panes that own editing keys mix :class:`ReadOnlyGuard` in: their editing
bindings then show as unavailable and do nothing, and the header says READ-ONLY. What
still gets through (a palette entry, a form) is refused by the database layer with the
reason, shown as a toast.
"""

from __future__ import annotations

from typing import Any

from handover_tui.ui.typed import HandoverNode

WRITE_ACTIONS = frozenset(
    {
        # roster, client and dashboard
        "new_client",
        "edit_client",
        "edit",
        "archive",
        "undo",
        "start_transition",
        "record_health",
        "choose_alternative",
        "reviewed",
        "tick",
        # checklist, plan and sign-off
        "new_item",
        "edit_item",
        "delete_item",
        "move",
        "edit_plan",
        "edit_summary",
        "pause",
        "cancel_transition",
        "save_template",
        "sign",
        "sign_as_me",
        "new_signatory",
        "edit_signatory",
        "remove_signatory",
        "add_feedback",
        "complete",
        # notes, log and contacts
        "new_note",
        "edit_note",
        "edit_external",
        "pin",
        "delete_note",
        "new_entry",
        "edit_entry",
        "delete_entry",
        "plan_cadence",
        "new_contact",
        "edit_contact",
        "delete_contact",
        # people and templates
        "new_person",
        "edit_person",
        "add_credential",
        "remove_credential",
        "undo_credential",
        "copy_template",
        "rename",
        "delete_template",
    }
)


class ReadOnlyGuard(HandoverNode):
    """Mixed into a screen or widget: editing actions are unavailable when read-only.

    Its commands on character keys are priority bindings, so keys typed quickly run in
    the order typed (``keys.in_typed_order``)."""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        from handover_tui.ui.keys import in_typed_order

        own = vars(cls).get("BINDINGS")
        if own:
            cls.BINDINGS = in_typed_order(own)
        super().__init_subclass__(**kwargs)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        from handover_tui.ui.keys import held_back

        app: Any = getattr(self, "app", None)
        if action in WRITE_ACTIONS and getattr(app, "read_only", None):
            return None  # shown dimmed, does nothing
        if held_back(self, action):
            return None  # a letter typed in a field, not a command
        return super().check_action(action, parameters)
