"""The dialogs every portfolio flow asks through: a choice from a list, a form that
only reads, and the summary to confirm before anything is written.

Kept apart from the flows (``portfolio``) and the proposal table (``portfolio_proposal``) so
each module stays near the size the style guide asks for; they know nothing of portfolios.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, OptionList, Static
from textual.widgets.option_list import Option

from handover_tui.ui import keymap
from handover_tui.ui.screens.form import FormScreen


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

    def __init__(self, title: str, lines: Sequence[str], go: str) -> None:
        super().__init__()
        self.title_text = title
        self.lines = list(lines)
        self.go = go

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.title_text, id="confirm-title")
            with VerticalScroll(can_focus=False):
                yield Static(Text("\n".join(self.lines)), id="confirm-lines")
            with Horizontal():
                go = keymap.key(self.app, "confirm.yes", "enter")
                yield Button(f"{self.go} ({go})", variant="primary", id="confirm-go")
                yield Button(
                    f"Cancel ({keymap.key(self.app, 'confirm.no', 'esc')})", id="confirm-cancel"
                )

    def on_mount(self) -> None:
        self.query_one("#confirm-go", Button).focus()

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

    def __init__(self, title: str, choices: Sequence[tuple[str, str]], at: int = 0) -> None:
        super().__init__()
        self.title_text = title
        self.choices = list(choices)
        self.at = at

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.title_text, id="choice-title")
            yield OptionList(*(Option(label, id=key) for key, label in self.choices))

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.highlighted = self.at
        options.focus()

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
