"""The keys in force on the screen the user came from, read from the bindings themselves."""

from __future__ import annotations

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static


class HelpScreen(ModalScreen[None]):
    """A table of key, action and explanation; any of escape, q, ? or F1 closes it."""

    DEFAULT_CSS = """
    HelpScreen {
        align: center middle;
    }
    HelpScreen > VerticalScroll {
        width: 90;
        max-width: 100%;
        height: auto;
        max-height: 90%;
        border: thick $primary;
        background: $surface;
        padding: 0 1;
    }
    HelpScreen #help-title {
        text-style: bold;
        padding: 0 0 1 0;
    }
    HelpScreen #help-keys {
        height: auto;
    }
    """

    BINDINGS = [
        Binding("escape,q,question_mark,f1", "dismiss", "Close", id="help.close"),
    ]

    def __init__(self, screen_name: str, rows: list[tuple[str, str, str]]) -> None:
        super().__init__()
        self.screen_name = screen_name
        self.rows = rows

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(f"Keys on the {self.screen_name} screen", id="help-title")
            table = Table(expand=True, box=None, header_style="bold", show_edge=False)
            table.add_column("Key", no_wrap=True)
            table.add_column("Action", no_wrap=True)
            table.add_column("What it does", ratio=1)
            for row in self.rows:
                table.add_row(*row)
            yield Static(table, id="help-keys")
            yield Static(
                "\nctrl+p opens the command palette: every action, and “open client…”.",
                id="help-footer",
            )

    def action_dismiss(self, result: None = None) -> None:  # type: ignore[override]
        self.dismiss(None)
