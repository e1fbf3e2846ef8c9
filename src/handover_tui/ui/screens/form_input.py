"""A form's typed input kept: on disk until it is saved (a crash loses nothing), and
against another session's save, until the user chooses whose version stays."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual import on
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Input, Select, Static, TextArea

if TYPE_CHECKING:
    from handover_tui.ui.screens.form import FormField

DRAFT_DELAY = 0.5
"""Seconds after the last keystroke before the typed input is kept on disk."""


class KeepsInput(ModalScreen[Any]):
    """The drafts and conflicts of :class:`~handover_tui.ui.screens.form.FormScreen`, its base."""

    # What the form sets up and does, which keeping its input relies on.
    fields: list[FormField]
    initial: dict[str, Any]
    form_title: str
    draft_key: str
    action_save: Callable[[], None]

    def __init__(self) -> None:
        super().__init__()
        self._draft_pending = False
        self._draft: Any = None
        self._input_settled = False
        self._kept_here = False
        """This form wrote a draft (the input differed from what it opened with)."""
        """Saved or cancelled: a draft timer still running must not write the input back."""
        self.expected_version: int | None = None
        """After a conflict: the version the user has now seen, which a save may replace."""
        self._pending_version: int | None = None
        self.theirs: dict[str, Any] = {}
        """After a conflict: what the other session saved, for the fields it changed."""

    # -- drafts: typed input survives a crash --------------------------------------------

    @property
    def draft_database(self) -> str:
        """The database the input is typed against: its drafts are kept apart."""
        return str(getattr(self.app, "database_identity", ""))

    def _offer_draft(self) -> None:
        from handover_tui.ui import drafts

        draft = drafts.find(self.draft_key, database=self.draft_database)
        if draft is None:
            return
        self._draft = draft
        self.query_one("#draft-text", Static).update(
            f"Unsaved input for this form was kept on {draft.when}, when handover closed "
            "before it was saved."
        )
        self.query_one("#draft").add_class("-shown")
        # Enter restores, rather than landing in the first field (a newline in a text area).
        self.query_one("#draft-restore", Button).focus()

    @on(Button.Pressed, "#draft-restore")
    def restore_draft(self) -> None:
        """Put the kept input back into the fields; saving still checks for conflicts."""
        for spec in self.fields:
            if spec.name in self._draft.values:
                self._set_value(spec, self._draft.values[spec.name])
        self.query_one("#draft").remove_class("-shown")
        self.query_one(".field-box > *").focus()

    @on(Button.Pressed, "#draft-discard")
    def discard_draft(self) -> None:
        from handover_tui.ui import drafts

        drafts.discard(self.draft_key, database=self.draft_database)
        self.query_one("#draft").remove_class("-shown")
        self.query_one(".field-box > *").focus()

    def _set_value(self, spec: FormField, value: Any) -> None:
        widget = self.query_one(f"#field-{spec.name}")
        if isinstance(widget, Select):
            known = {option for _label, option in spec.options}
            widget.value = value if value in known else Select.NULL
        elif isinstance(widget, Checkbox):
            widget.value = bool(value)
        elif isinstance(widget, TextArea):
            widget.text = "" if value is None else str(value)
        elif isinstance(widget, Input):
            widget.value = "" if value is None else str(value)

    @on(Input.Changed)
    @on(TextArea.Changed)
    @on(Select.Changed)
    @on(Checkbox.Changed)
    def _typed(self) -> None:
        if not self._draft_pending:
            self._draft_pending = True
            self.set_timer(DRAFT_DELAY, self.keep_draft)

    def keep_draft(self) -> None:
        """Write what is typed to disk if it differs from what the form opened with."""
        from handover_tui.ui import drafts

        self._draft_pending = False
        if self._input_settled or not self.is_mounted:  # the screen lingers until dismissed
            return
        if not self.changed():
            return
        try:
            drafts.keep(
                self.draft_key, self.form_title, self.values(), database=self.draft_database
            )
            self._kept_here = True
        except OSError as error:  # a full or read-only disk must not stop the typing
            self.log.warning("could not keep a draft", error)

    def changed(self) -> bool:
        """The form holds input that differs from what it opened with."""
        values = self.values()
        return any(_text(values[name]) != _text(self.initial.get(name)) for name in values)

    def keep_now(self) -> bool:
        """Keep the input as a draft now, for the form to close: False (and said why) if
        the disk refuses it."""
        from handover_tui.ui import drafts

        try:
            drafts.keep(
                self.draft_key, self.form_title, self.values(), database=self.draft_database
            )
        except OSError as error:
            self.notify(f"Could not keep a draft: {error.strerror or error}.", severity="error")
            return False
        self._input_settled = True
        return True

    def close_unchanged(self) -> None:
        """Close a form holding nothing new: a draft this form wrote (input typed, then
        undone) goes; one kept from an earlier session stays for next time."""
        from handover_tui.ui import drafts

        self._input_settled = True
        if self._kept_here:
            drafts.discard(self.draft_key, database=self.draft_database)
        self.dismiss(None)

    def _forget_draft(self) -> None:
        """The form is closing (saved or let go): its draft goes, and stays gone."""
        from handover_tui.ui import drafts

        self._input_settled = True
        drafts.discard(self.draft_key, database=self.draft_database)

    def values(self) -> dict[str, Any]:
        """What is in the form now, as text, booleans and picked option values."""
        result: dict[str, Any] = {}
        for spec in self.fields:
            widget = self.query_one(f"#field-{spec.name}")
            if isinstance(widget, Select):
                result[spec.name] = None if widget.value is Select.NULL else widget.value
            elif isinstance(widget, Checkbox):
                result[spec.name] = widget.value
            elif isinstance(widget, TextArea):
                result[spec.name] = widget.text
            else:
                assert isinstance(widget, Input)
                result[spec.name] = widget.value
        return result

    # -- a conflict with another session -------------------------------------------------

    def _conflict(self, error: Any) -> None:
        """Someone saved this record since the form opened: show what they changed and
        let the user choose; nothing is saved or thrown away until they do."""
        labels = {spec.name: spec.label for spec in self.fields}
        self.theirs = {
            name: value
            for name, value in error.current.items()
            if name in labels and _text(value) != _text(self.initial.get(name))
        }
        self._pending_version = error.version
        lines = [
            f"{error.what} was saved by someone else since you opened this form.",
            "Your input is kept until you choose.",
        ]
        if self.theirs:
            lines.append("They changed:")
            lines += [
                f"  {labels[name]}: {_text(self.initial.get(name)) or '(empty)'} → "
                f"{_text(value) or '(empty)'}"
                for name, value in self.theirs.items()
            ]
        else:
            lines.append("They changed nothing you can see here.")
        self.query_one("#conflict-text", Static).update("\n".join(lines))
        self.query_one("#conflict").add_class("-shown")
        self.query_one("#form").scroll_home(animate=False)
        self.query_one("#conflict-mine", Button).focus()

    def _close_conflict(self) -> None:
        self.query_one("#conflict").remove_class("-shown")
        self.expected_version = self._pending_version

    @on(Button.Pressed, "#conflict-mine")
    def keep_mine(self) -> None:
        """Overwrite what they saved with what is in the form."""
        self._close_conflict()
        self.action_save()

    @on(Button.Pressed, "#conflict-theirs")
    def take_theirs(self) -> None:
        """Leave their version as it is and close the form without saving."""
        self._close_conflict()
        self.notify("Kept the other session's version; your changes were not saved.")
        self._forget_draft()
        self.dismiss(None)

    @on(Button.Pressed, "#conflict-merge")
    def merge_by_hand(self) -> None:
        """Show their value under each field they changed; the next save replaces theirs."""
        self._close_conflict()
        first: Widget | None = None
        for name, value in self.theirs.items():
            box = self.query_one(f"#error-{name}", Static)
            box.update(f"Theirs: {_text(value) or '(empty)'}")
            box.add_class("-shown", "-theirs")
            if first is None:
                first = self.query_one(f"#field-{name}")
        (first or self.query_one(".field-box > *")).focus()


def _text(value: Any) -> str:
    """A value as the form would show it, for comparing and for messages."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value).strip()
