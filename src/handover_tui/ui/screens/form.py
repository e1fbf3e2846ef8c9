"""A modal form: fields, inline messages, and a save that never loses what was typed.

The opener gives the fields, the starting values and a ``save`` callable (which calls a
service); the form runs it off the UI thread. A validation error marks each bad field
with its message and keeps every value; a conflict or a storage error is shown at the top.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Input, Label, Select, Static, TextArea

from handover_tui.services.errors import explain
from handover_tui.ui import keymap
from handover_tui.ui.background import run_db
from handover_tui.ui.screens.form_input import KeepsInput
from handover_tui.ui.widgets.checkbox import StateCheckbox

if TYPE_CHECKING:
    from handover_tui.services.store import Database

Kind = Literal["text", "select", "checkbox", "textarea"]


@dataclass(frozen=True)
class FormField:
    """One field of a form: its name in the service's terms, and how it is edited."""

    name: str
    label: str
    kind: Kind = "text"
    options: Sequence[tuple[str, Any]] = field(default_factory=tuple)
    placeholder: str = ""
    required: bool = False
    language: str | None = None
    """For a text area: the syntax to highlight (e.g. "markdown")."""
    tall: bool = False
    """For a text area: room for a long text."""


@dataclass(frozen=True)
class FormSpec:
    """What a form shows and how it saves: built from records read in a worker."""

    title: str
    fields: Sequence[FormField]
    values: Mapping[str, Any]
    save: Callable[[Database, dict[str, Any]], Any]
    draft_key: str | None = None


class FormScreen(KeepsInput):
    """Edit some fields and save them through ``save``; dismissed with its result."""

    AUTO_FOCUS = ".field-box > *"  # the first field, not a button of a hidden notice

    DEFAULT_CSS = """
    FormScreen {
        align: center middle;
    }
    FormScreen > #form {
        width: 84;
        max-width: 100%;
        height: auto;
        max-height: 100%;
        border: thick $primary;
        background: $surface;
        padding: 0 1;
    }
    FormScreen #form-title {
        text-style: bold;
        width: 1fr;
        padding: 0 0 1 0;
    }
    FormScreen #form-problem {
        color: $error;
        display: none;
        padding: 0 0 1 0;
    }
    FormScreen #form-problem.-shown {
        display: block;
    }
    FormScreen #form-reading {
        color: $text-muted;
        display: none;
        padding: 0 0 1 0;
    }
    FormScreen #form-reading.-shown {
        display: block;
    }
    FormScreen .field-row {
        height: auto;
        margin: 0 0 1 0;
    }
    FormScreen .field-label {
        width: 20;
        padding: 0 1 0 0;
        text-align: right;
    }
    FormScreen .field-box {
        width: 1fr;
        height: auto;
        border-left: outer $panel;
    }
    /* The field with the cursor: its label in the cursor's colours, a bar beside it. */
    FormScreen .field-row.-focused > .field-label {
        color: $block-cursor-foreground;
        background: $block-cursor-background;
        text-style: $block-cursor-text-style;
    }
    FormScreen .field-row.-focused > .field-label:nocolor {
        text-style: reverse bold;
    }
    FormScreen .field-row.-focused > .field-box {
        border-left: outer $accent;
    }
    FormScreen .field-box > :focus {
        background-tint: $accent 15%;
    }
    /* Notices take room at the foot of the form's screen instead of covering fields. */
    FormScreen > ToastRack {
        layer: default;
    }
    FormScreen .field-error {
        color: $error;
        display: none;
        padding: 0 0 0 1;
    }
    FormScreen .field-error.-shown {
        display: block;
    }
    FormScreen .-invalid {
        background: $error 25%;
    }
    FormScreen TextArea {
        height: 5;
    }
    FormScreen TextArea.tall {
        height: 16;
    }
    FormScreen #form-buttons {
        height: auto;
        align: right middle;
        padding: 1 0 0 0;
    }
    FormScreen #form-buttons Button {
        margin: 0 0 0 1;
    }
    FormScreen #conflict {
        display: none;
        height: auto;
        border: round $warning;
        padding: 0 1;
        margin: 0 0 1 0;
    }
    FormScreen #conflict.-shown {
        display: block;
    }
    FormScreen #conflict-buttons {
        height: auto;
    }
    FormScreen #conflict-buttons Button {
        margin: 0 1 0 0;
    }
    FormScreen .field-error.-theirs {
        color: $warning;
    }
    FormScreen #draft {
        display: none;
        height: auto;
        border: round $accent;
        padding: 0 1;
        margin: 0 0 1 0;
    }
    FormScreen #draft.-shown {
        display: block;
    }
    FormScreen #draft Horizontal {
        height: auto;
    }
    FormScreen #draft Button {
        margin: 0 1 0 0;
    }
    """

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="form.save", tooltip="Save and close the form"),
        Binding("escape", "cancel", "Cancel", id="form.cancel", tooltip="Close without saving"),
        # A dialog leaves out the app's keys, and "?" is typed into a field: F1 opens help.
        Binding("f1", "app.help", "Help", id="form.help", tooltip="Show the keys of this form"),
    ]

    def __init__(
        self,
        title: str,
        fields: Sequence[FormField],
        values: Mapping[str, Any],
        save: Callable[[Database, dict[str, Any]], Any],
        *,
        draft_key: str | None = None,
        load: Callable[[Database], FormSpec] | None = None,
        reading: bool = False,
    ) -> None:
        """``load`` runs in a worker as the form opens; the form it describes brings the
        choices (owners, templates) and, with ``reading``, the record itself: until then
        the fields wait disabled under a "Reading…" line, and nothing typed is lost
        to another screen."""
        super().__init__()
        self.form_title = title
        self.load = load
        self.reading = reading and load is not None
        """The record is still being read: the fields are disabled, saving waits."""
        self.draft_key = draft_key or title
        """Which draft is this form's: the same form opened again (on the same database,
        see ``draft_database``) offers it back."""
        self.fields = list(fields)
        self.initial = dict(values)
        self.save = save
        self.saving = False

    @classmethod
    def opening(
        cls, spec: FormSpec, load: Callable[[Database], FormSpec], *, reading: bool = False
    ) -> FormScreen:
        """A form shown at once from ``spec`` (what is known now), completed by ``load``."""
        return cls(
            spec.title,
            spec.fields,
            spec.values,
            spec.save,
            draft_key=spec.draft_key,
            load=load,
            reading=reading,
        )

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="form", can_focus=False):
            yield Static(self.form_title, id="form-title")
            yield Static("", id="form-problem")
            yield Static("Reading…", id="form-reading", classes="-shown" if self.reading else "")
            with Vertical(id="draft"):
                yield Static("", id="draft-text")
                with Horizontal():
                    yield Button("Restore it", variant="primary", id="draft-restore")
                    yield Button("Discard it", id="draft-discard")
            with Vertical(id="conflict"):
                yield Static("", id="conflict-text")
                with Horizontal(id="conflict-buttons"):
                    yield Button("Keep mine", variant="warning", id="conflict-mine")
                    yield Button("Take theirs", id="conflict-theirs")
                    yield Button("Merge by hand", id="conflict-merge")
            for spec in self.fields:
                with Horizontal(classes="field-row"):
                    label = spec.label + (" *" if spec.required else "")
                    if spec.kind == "checkbox":
                        label = ""  # the checkbox carries its own label
                    yield Label(label, classes="field-label")
                    with Widget(classes="field-box"):
                        editor = self._editor(spec)
                        editor.disabled = self.reading
                        yield editor
                        yield Static("", id=f"error-{spec.name}", classes="field-error")
            with Horizontal(id="form-buttons"):
                save = keymap.key(self.app, "form.save", "ctrl+s")
                yield Button(f"Save ({save})", variant="primary", id="form-save")
                yield Button(
                    f"Cancel ({keymap.key(self.app, 'form.cancel', 'esc')})", id="form-cancel"
                )

    def _editor(self, spec: FormField) -> Widget:
        value = self.initial.get(spec.name)
        ident = f"field-{spec.name}"
        if spec.kind == "select":
            known = {option for _label, option in spec.options}
            return Select(
                list(spec.options),
                value=value if value in known else Select.NULL,
                # A required pick with nothing chosen yet starts blank rather than
                # silently taking the first option.
                allow_blank=not spec.required or value not in known,
                prompt=spec.placeholder or "(none)",
                id=ident,
                compact=True,
            )
        if spec.kind == "checkbox":
            return StateCheckbox(spec.label, value=bool(value), id=ident)
        if spec.kind == "textarea":
            area = TextArea(
                str(value or ""), id=ident, soft_wrap=True, compact=True, language=spec.language
            )
            area.set_class(spec.tall, "tall")
            return area
        text = "" if value is None else str(value)
        return Input(text, placeholder=spec.placeholder, id=ident, compact=True)

    def on_mount(self) -> None:
        if self.app.is_headless:  # tests and screenshots: a blinking cursor is noise
            for editor in self.query("Input, TextArea"):
                editor.cursor_blink = False  # type: ignore[attr-defined]
        if self.load is not None:
            run_db(self, self.load, self._loaded, group="form-read", failed=self._not_read)
        if not self.reading:  # a draft offered before the record came would be overwritten
            self._offer_draft()

    def _loaded(self, spec: FormSpec) -> None:
        """The worker's read is in: the choices, and a record being read, fill the form."""
        self.form_title = spec.title
        self.query_one("#form-title", Static).update(spec.title)
        self.save = spec.save
        given = {new.name: new for new in spec.fields}
        self.fields = [given.get(old.name, old) for old in self.fields]
        before = self.values()
        if self.reading:
            self.initial = dict(spec.values)
        for field_spec in self.fields:
            widget = self.query_one(f"#field-{field_spec.name}")
            if isinstance(widget, Select):
                widget.set_options(list(field_spec.options))
            if self.reading:
                self._set_value(field_spec, spec.values.get(field_spec.name))
                widget.disabled = False
            elif isinstance(widget, Select):  # a new record: the default pick, or the user's
                kept = before[field_spec.name]
                self._set_value(
                    field_spec, kept if kept is not None else self.initial.get(field_spec.name)
                )
        if self.reading:
            self.reading = False
            self.query_one("#form-reading").remove_class("-shown")
            self._offer_draft()
        if self.focused is None:
            self.query_one(".field-box > *").focus()

    def _not_read(self, error: BaseException) -> None:
        """The record could not be read: say why; the form can only be closed."""
        cancel = keymap.key(self.app, "form.cancel", "esc")
        self.query_one("#form-reading").remove_class("-shown")
        message = explain(error)
        self._problem(f"{message[:1].upper()}{message[1:]} Press {cancel} to close.")

    def action_save(self) -> None:
        if self.saving:
            return
        if self.reading:
            self.notify("Still reading the record; save again in a moment.", timeout=3)
            return
        self.saving = True
        self._clear_problems()
        values = self.values()
        run_db(
            self, lambda db: self._save(db, values), self._saved, group="form", failed=self._failed
        )

    def _save(self, db: Database, values: dict[str, Any]) -> Any:
        if self.expected_version is None:
            return self.save(db, values)
        from handover_tui.services.store import expecting_version

        with expecting_version(self.expected_version):
            return self.save(db, values)

    def action_cancel(self) -> None:
        """Close at once if nothing was changed; else ask what happens to the input."""
        if self.reading or not self.changed():
            self.close_unchanged()
            return
        from handover_tui.ui.screens.form_leave import LeaveDialog

        self.app.push_screen(LeaveDialog(self.form_title), self._leave)

    def _leave(self, choice: str | None) -> None:
        if choice == "discard":
            self._forget_draft()
            self.dismiss(None)
        elif choice == "draft" and self.keep_now():
            self.dismiss(None)
            self.notify("Your input is kept as a draft: open the same form to restore it.")

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """Mark the row of the field with the cursor (CSS restyles its label by the class;
        ``:focus-within`` would restyle only the field's ancestors, not its label)."""
        for row in self.query(".field-row"):
            row.set_class(row in event.widget.ancestors, "-focused")

    @on(Input.Changed)
    @on(TextArea.Changed)
    @on(Select.Changed)
    @on(Checkbox.Changed)
    def _unmark(self, event: Input.Changed) -> None:
        """A field marked wrong loses its message once it is changed (a required one: once
        it holds text); saving checks it again."""
        editor = event.control
        name = (editor.id or "").removeprefix("field-") if editor is not None else ""
        spec = next((spec for spec in self.fields if spec.name == name), None)
        if spec is None or editor is None:
            return
        box = self.query_one(f"#error-{name}", Static)
        if box.has_class("-theirs") or (spec.required and not _filled(self.values()[name])):
            return  # the other session's value stays shown until the next save
        box.remove_class("-shown")
        editor.remove_class("-invalid")

    @on(Button.Pressed, "#form-save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#form-cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_save()

    def _saved(self, result: Any) -> None:
        self.saving = False
        self._forget_draft()
        self.dismiss(result)

    def _failed(self, error: BaseException) -> None:
        from handover_tui.domain.validation import InvalidInput
        from handover_tui.services import NotFound, Refused, StaleRecord
        from handover_tui.services.store import DatabaseReadOnly

        self.saving = False
        if isinstance(error, InvalidInput):
            self.show_errors(error.errors)
        elif isinstance(error, StaleRecord) and error.version is not None:
            self._conflict(error)
        elif isinstance(error, DatabaseReadOnly | StaleRecord | NotFound | Refused):
            self._problem(f"{error} Your input is kept: copy what you need, then cancel.")
        else:
            from handover_tui.ui.screens.retry import is_locked

            message = explain(error)
            save = keymap.key(self.app, "form.save", "ctrl+s")
            again = f" Press {save} to try again." if is_locked(error) else ""
            self._problem(f"{message[:1].upper()}{message[1:]}{again} Your input is kept.")

    def show_errors(self, errors: Mapping[str, str]) -> None:
        """Mark each bad field with its message and put the cursor in the first one."""
        first: Widget | None = None
        for spec in self.fields:
            message = errors.get(spec.name)
            box = self.query_one(f"#error-{spec.name}", Static)
            editor = self.query_one(f"#field-{spec.name}")
            box.update(message or "")
            box.set_class(bool(message), "-shown")
            editor.set_class(bool(message), "-invalid")
            if message and first is None:
                first = editor
        unknown = [f"{name}: {text}" for name, text in errors.items() if name not in self._names]
        if unknown:
            self._problem("; ".join(unknown))
        if first is not None:
            first.focus()
            first.scroll_visible()

    @property
    def _names(self) -> set[str]:
        return {spec.name for spec in self.fields}

    def _problem(self, message: str) -> None:
        problem = self.query_one("#form-problem", Static)
        problem.update(message)
        problem.add_class("-shown")
        self.query_one("#form").scroll_home(animate=False)

    def _clear_problems(self) -> None:
        self.query_one("#form-problem", Static).remove_class("-shown")
        for box in self.query(".field-error"):
            box.remove_class("-shown", "-theirs")
        for spec in self.fields:
            self.query_one(f"#field-{spec.name}").remove_class("-invalid")


def _filled(value: Any) -> bool:
    return value is not None and bool(str(value).strip())
