"""The keys in force on the screen the user came from, read from the bindings themselves.

They are read after the user's key map is applied, so a remapped key shows as remapped,
with the binding id to use in the ``[keys]`` table of the config file.
"""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

HelpRow = tuple[str, str, str, str]
"""(keys, action, what it does, binding id)."""


def bindings_in_force(screen: Screen) -> list[HelpRow]:
    """Every binding that acts on ``screen`` now (``Screen.active_bindings``), one row per
    binding with all its keys: our own (they have ids) first, then the app's and the
    widgets'. One without a description is named by its action."""
    app = screen.app
    found: dict[tuple[int, str, str], tuple[int, list[str], HelpRow]] = {}
    for active in screen.active_bindings.values():
        binding = active.binding
        rank = 0 if binding.id else 1 if active.node is app else 2
        description = binding.description or _action_words(binding.action)
        what = (id(active.node), binding.action, description)
        row = (description, active.tooltip or binding.tooltip, binding.id or "")
        _rank, keys, _row = found.setdefault(what, (rank, [], ("", *row)))
        shown = app.get_key_display(binding)
        if shown not in keys:
            keys.append(shown)
    rows = sorted(found.values(), key=lambda entry: entry[0])
    return [(" ".join(keys), *row[1:]) for _rank, keys, row in rows]


def _action_words(action: str) -> str:
    """``app.focus_next`` → ``Focus next``: an action's name for a binding with no words."""
    name = action.rpartition(".")[2].partition("(")[0]
    return name.replace("_", " ").capitalize()


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

    def __init__(self, screen_name: str, rows: list[HelpRow]) -> None:
        super().__init__()
        self.screen_name = screen_name
        self.rows = [row[:3] for row in rows]
        """(keys, action, what it does) per binding."""
        self.ids = [row[3] for row in rows]
        """The binding id of each row, for the ``[keys]`` table ("" for Textual's own)."""

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(f"Keys on the {self.screen_name} screen", id="help-title")
            table = Table(expand=True, box=None, header_style="bold", show_edge=False)
            table.add_column("Key", no_wrap=True)
            table.add_column("Action", no_wrap=True)
            table.add_column("What it does", ratio=1)
            table.add_column("Id", no_wrap=True, style="italic")
            for (keys, action, explanation), binding_id in zip(self.rows, self.ids, strict=True):
                table.add_row(Text(keys, style="bold"), action, explanation, binding_id)
            yield Static(table, id="help-keys")
            yield Static(
                "\nctrl+p opens the command palette: every action, “open client…” and "
                "“Theme”. To change a key, name its id in the [keys] table of "
                'config.toml, e.g. roster.new = "a".',
                id="help-footer",
            )

    def action_dismiss(self, result: None = None) -> None:  # type: ignore[override]
        self.dismiss(None)
