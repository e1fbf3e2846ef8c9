"""What escape asks when a form holds unsaved input: discard it, keep editing, or keep it
as a draft that the same form offers back when it opens again."""

from __future__ import annotations

from typing import Literal

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from handover_tui.ui import keymap

Leave = Literal["discard", "edit", "draft"]


class LeaveDialog(ModalScreen[Leave]):
    """Three choices for unsaved input; escape (and the focused button) keeps editing."""

    DEFAULT_CSS = """
    LeaveDialog {
        align: center middle;
    }
    LeaveDialog > Vertical {
        width: 64;
        max-width: 100%;
        height: auto;
        border: thick $warning;
        background: $surface;
        padding: 0 1;
    }
    LeaveDialog #leave-text {
        padding: 0 0 1 0;
    }
    LeaveDialog Horizontal {
        height: auto;
        align: center middle;
    }
    LeaveDialog Button {
        margin: 0 1 0 0;
    }
    """

    BINDINGS = [
        Binding(
            "escape", "choose('edit')", "Keep editing", id="leave.edit", tooltip="Back to the form"
        ),
        Binding(
            "d",
            "choose('discard')",
            "Discard",
            id="leave.discard",
            tooltip="Close the form and let the input go",
        ),
        Binding(
            "k",
            "choose('draft')",
            "Keep as draft",
            id="leave.draft",
            tooltip="Close the form; it offers the input back when it opens again",
        ),
    ]

    AUTO_FOCUS = "#leave-edit"

    def __init__(self, title: str, *, drafts: bool = True) -> None:
        """``drafts``: the dialog can keep the input as a draft (a form can; a
        confirmation with a reason line cannot, so it offers only the other two)."""
        super().__init__()
        self.form_title = title
        self.drafts = drafts

    def compose(self) -> ComposeResult:
        def key(binding_id: str, default: str) -> str:
            return keymap.key(self.app, binding_id, default)

        with Vertical():
            yield Static(
                f"{self.form_title}: your input is not saved. What should happen to it?",
                id="leave-text",
            )
            with Horizontal():
                yield Button(f"Discard ({key('leave.discard', 'd')})", id="leave-discard")
                yield Button(
                    f"Keep editing ({key('leave.edit', 'esc')})", variant="primary", id="leave-edit"
                )
                if self.drafts:
                    yield Button(f"Keep as draft ({key('leave.draft', 'k')})", id="leave-draft")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.drafts or parameters != ("draft",)

    def action_choose(self, choice: Leave) -> None:
        self.dismiss(choice)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        choice = (event.button.id or "").removeprefix("leave-")
        if choice in ("discard", "edit", "draft"):
            self.dismiss(choice)  # type: ignore[arg-type]
