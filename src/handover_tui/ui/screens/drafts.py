"""Unsaved input kept from earlier sessions: what was typed, to restore or let go."""

from __future__ import annotations

from rich.console import Group
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from handover_tui.ui import drafts
from handover_tui.ui.widgets.option_list import VimOptionList


class DraftsScreen(ModalScreen[None]):
    """Each kept draft with what it holds; ``d`` lets one go, escape closes."""

    DEFAULT_CSS = """
    DraftsScreen {
        align: center middle;
    }
    DraftsScreen > VerticalScroll {
        width: 90;
        max-width: 100%;
        height: auto;
        max-height: 90%;
        border: thick $primary;
        background: $surface;
        padding: 0 1;
    }
    DraftsScreen #drafts-title {
        text-style: bold;
        padding: 0 0 1 0;
    }
    DraftsScreen OptionList {
        height: auto;
        max-height: 30;
    }
    """

    BINDINGS = [
        Binding("escape", "dismiss", "Close", id="drafts.close"),
        Binding("d", "discard", "Discard", id="drafts.discard", tooltip="Let this input go"),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(
                "Unsaved input kept from earlier sessions on this database. Open the same "
                "form again to restore it there; d lets the highlighted one go.",
                id="drafts-title",
            )
            yield VimOptionList(id="drafts")

    def on_mount(self) -> None:
        self.show()

    @property
    def database(self) -> str:
        """Only the input typed against the database open now is listed (and let go)."""
        return str(getattr(self.app, "database_identity", ""))

    def show(self) -> None:
        listing = self.query_one(OptionList)
        listing.clear_options()
        kept = drafts.every(database=self.database)
        for draft in kept:
            lines = [Text.assemble((draft.title, "bold"), f"  kept {draft.when}")]
            for name, value in draft.values.items():
                if value not in (None, "", False):
                    text = str(value).replace("\n", " ⏎ ")
                    lines.append(Text(f"  {name}: {text[:200]}"))
            listing.add_option(Option(Group(*lines), id=draft.key))
        if not kept:
            listing.add_option(Option(Text("Nothing is kept.", style="italic"), disabled=True))
        else:
            listing.highlighted = 0
        listing.focus()

    def action_discard(self) -> None:
        listing = self.query_one(OptionList)
        if listing.highlighted is None:
            return
        option = listing.get_option_at_index(listing.highlighted)
        if option.id:
            drafts.discard(option.id, database=self.database)
            self.notify("Let go of the kept input.")
            self.show()
