"""The dialogs every portfolio flow asks through: a choice from a list, a form that
only reads, and the summary to confirm before anything is written.

Kept apart from the flows (``portfolio``) and the proposal table (``portfolio_proposal``) so
each module stays near the size the style guide asks for; they know nothing of portfolios.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, OptionList, Static
from textual.widgets.option_list import Option

from handover_tui.ui import keymap
from handover_tui.ui.background import run_db
from handover_tui.ui.screens.form import FormScreen

if TYPE_CHECKING:
    from handover_tui.services.store import Database

READING = "Reading…"


class ConfirmDialog(ModalScreen[bool]):
    """A summary of what is about to be written: ``enter`` writes it, ``escape`` not."""

    DEFAULT_CSS = """
    ConfirmDialog {
        align: center middle;
    }
    ConfirmDialog > Vertical {
        width: 90;
        max-width: 100%;
        height: auto;
        max-height: 90%;
        border: thick $primary;
        background: $surface;
        padding: 0 1;
    }
    ConfirmDialog #confirm-title {
        text-style: bold;
        padding: 0 0 1 0;
    }
    ConfirmDialog VerticalScroll {
        height: auto;
        max-height: 20;
    }
    ConfirmDialog Horizontal {
        height: auto;
        align: right middle;
        padding: 1 0 0 0;
    }
    ConfirmDialog Button {
        margin: 0 0 0 1;
    }
    """

    BINDINGS = [
        Binding("enter,y", "answer(True)", "Confirm", id="confirm.yes"),
        Binding("escape,n", "answer(False)", "Cancel", id="confirm.no"),
    ]

    def __init__(
        self,
        title: str,
        lines: Sequence[str],
        go: str,
        *,
        load: Callable[[Database], Sequence[str]] | None = None,
    ) -> None:
        """With ``load``, the dialog is shown at once under "Reading…" and a worker
        brings its lines; it cannot be confirmed until they have arrived."""
        super().__init__()
        self.title_text = title
        self.lines = list(lines)
        self.go = go
        self.load = load
        self.reading = load is not None

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.title_text, id="confirm-title")
            with VerticalScroll(can_focus=False):
                shown = READING if self.reading else "\n".join(self.lines)
                yield Static(Text(shown), id="confirm-lines")
            with Horizontal():
                go = keymap.key(self.app, "confirm.yes", "enter")
                yield Button(
                    f"{self.go} ({go})",
                    variant="primary",
                    id="confirm-go",
                    disabled=self.reading,
                )
                # While reading, no button has the focus: enter is not taken as cancel.
                yield Button(
                    f"Cancel ({keymap.key(self.app, 'confirm.no', 'esc')})",
                    id="confirm-cancel",
                    disabled=self.reading,
                )

    def on_mount(self) -> None:
        if self.load is None:
            self.query_one("#confirm-go", Button).focus()
            return
        run_db(self, self.load, self.arrived, failed=self.unreadable)

    def arrived(self, lines: Sequence[str]) -> None:
        """The lines to confirm have been read: show them and allow the write."""
        self.lines = list(lines)
        self.reading = False
        self.query_one("#confirm-lines", Static).update(Text("\n".join(self.lines)))
        self.query_one("#confirm-cancel", Button).disabled = False
        go = self.query_one("#confirm-go", Button)
        go.disabled = False
        go.focus()
        self.refresh_bindings()

    def unreadable(self, error: BaseException) -> None:
        from handover_tui.services.errors import explain

        self.query_one("#confirm-lines", Static).update(Text(explain(error)))
        self.query_one("#confirm-cancel", Button).disabled = False

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Nothing can be confirmed until the lines to confirm have arrived.
        return not (action == "answer" and parameters == (True,) and self.reading)

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)

    @on(Button.Pressed, "#confirm-go")
    def _go(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#confirm-cancel")
    def _cancel(self) -> None:
        self.dismiss(False)


class ChoiceList(ModalScreen["str | None"]):
    """Pick one of a few labelled choices; dismissed with its id, or None on escape."""

    DEFAULT_CSS = """
    ChoiceList {
        align: center middle;
    }
    ChoiceList > Vertical {
        width: 64;
        max-width: 100%;
        height: auto;
        max-height: 90%;
        border: thick $primary;
        background: $surface;
        padding: 0 1;
    }
    ChoiceList #choice-title {
        text-style: bold;
        padding: 0 0 1 0;
    }
    ChoiceList OptionList {
        height: auto;
        max-height: 20;
    }
    """

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="choice.cancel")]

    def __init__(
        self,
        title: str,
        choices: Sequence[tuple[str, str]],
        at: int = 0,
        *,
        load: Callable[[Database], Sequence[tuple[str, str]]] | None = None,
        none_left: str = "Nothing to choose from.",
    ) -> None:
        """With ``load``, the list is shown at once under "Reading…" and a worker brings
        the choices; ``none_left`` is said in place when there are none."""
        super().__init__()
        self.title_text = title
        self.choices = list(choices)
        self.at = at
        self.load = load
        self.none_left = none_left

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.title_text, id="choice-title")
            yield Static(READING, id="choice-note")
            yield OptionList(*(Option(label, id=key) for key, label in self.choices))

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.focus()
        if self.load is None:
            self.arrived(self.choices)
            return
        options.display = False
        run_db(self, self.load, self.arrived, failed=self.unreadable)

    def arrived(self, choices: Sequence[tuple[str, str]]) -> None:
        """Show the choices, or say there are none."""
        self.choices = list(choices)
        options = self.query_one(OptionList)
        if self.load is not None:
            options.add_options([Option(label, id=key) for key, label in self.choices])
        note = self.query_one("#choice-note", Static)
        note.update(self.none_left)
        note.display = not self.choices
        options.display = bool(self.choices)
        if self.choices:
            options.highlighted = self.at
            options.focus()

    def unreadable(self, error: BaseException) -> None:
        from handover_tui.services.errors import explain

        self.query_one("#choice-note", Static).update(explain(error))

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option_id)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ChoiceForm(FormScreen):
    """A form that asks for choices and reads (nothing is written yet): its button says
    what comes next instead of "Save"."""

    def __init__(self, *args: Any, go: str = "Next", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.go = go

    def on_mount(self) -> None:
        super().on_mount()
        save = keymap.key(self.app, "form.save", "ctrl+s")
        self.query_one("#form-save", Button).label = f"{self.go} ({save})"
