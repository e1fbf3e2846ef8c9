"""Ask whether to try again when another program holds the database's lock."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from handover_tui.ui import keymap


def is_locked(error: BaseException) -> bool:
    """A write that waited the whole busy timeout for another session's lock."""
    text = str(getattr(error, "orig", None) or error).lower()
    return "database is locked" in text or "database table is locked" in text


class RetryPrompt(ModalScreen[bool]):
    """``enter`` tries again, ``escape`` gives up; nothing was written either way."""

    DEFAULT_CSS = """
    RetryPrompt {
        align: center middle;
    }
    RetryPrompt > Vertical {
        width: 70;
        max-width: 100%;
        height: auto;
        border: thick $warning;
        background: $surface;
        padding: 0 1;
    }
    RetryPrompt #retry-hint {
        color: $text-muted;
        padding: 1 0 0 0;
    }
    """

    BINDINGS = [
        Binding("enter,r", "answer(True)", "Try again", id="retry.again"),
        Binding("escape", "answer(False)", "Give up", id="retry.give_up"),
    ]

    def __init__(self, what: str) -> None:
        super().__init__()
        self.what = what

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(
                f"The database is locked by another program, so {self.what} was not saved "
                "yet. Nothing was lost.",
                id="retry-text",
            )
            again = keymap.key(self.app, "retry.again", "enter")
            give_up = keymap.key(self.app, "retry.give_up", "escape")
            yield Static(f"{again}: try again · {give_up}: give up", id="retry-hint")

    def action_answer(self, again: bool) -> None:
        self.dismiss(again)
