"""Search everything: client names, contacts, and the title and text of every note."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Header, Input, Static

from handover_tui.domain.search import END, START
from handover_tui.ui import keymap
from handover_tui.ui.background import run_db
from handover_tui.ui.typed import HandoverNode
from handover_tui.ui.widgets.footer import Footer
from handover_tui.ui.widgets.record_table import Column, RecordTable, fit_columns

if TYPE_CHECKING:
    from handover_tui.services.search import Hit

COLUMNS: list[Column] = [
    ("kind", "", 7),
    ("client", "Client", 22),
    ("match", "Match", None),
]


def marked(text: str, width: int | None = None) -> Text:
    """Turn START/END marks into bold underlined words (never colour alone)."""
    result = Text()
    highlight = False
    for piece in text.replace(END, START).split(START):
        if piece:
            result.append(piece, style="bold underline" if highlight else "")
        highlight = not highlight
    if width is not None:
        result.truncate(width, overflow="ellipsis")
    return result


class SearchScreen(HandoverNode, Screen):
    """Type to search; ``enter`` opens the client on the tab where the match is."""

    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="search.back", tooltip="Close search"),
        Binding("down", "to_results", "Results", id="search.results", show=False),
    ]

    def __init__(self, text: str = "") -> None:
        super().__init__()
        self.initial = text
        self.hits: list[Hit] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(
            self.initial,
            placeholder="search clients, contacts and notes…",
            id="search",
            compact=True,
        )
        yield Static("Type a few words: every one must match.", id="search-status")
        yield RecordTable(id="hits")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Search"
        self.query_one("#hits", RecordTable).use_columns(self.columns)
        box = self.query_one("#search", Input)
        if self.app.is_headless:
            box.cursor_blink = False
        box.focus()
        if self.initial:
            self.run_search()

    @property
    def columns(self) -> list[tuple[str, str, int]]:
        return fit_columns(self.size.width, COLUMNS, minimum=20)

    @on(Input.Changed, "#search")
    def run_search(self) -> None:
        from handover_tui.services import search

        text = self.query_one("#search", Input).value
        run_db(
            self,
            lambda db: search.search(db, text),
            lambda hits: self._show(text, hits),
            group="search",
            exclusive=True,
        )

    def _show(self, text: str, hits: list[Hit]) -> None:
        self.hits = hits
        table = self.query_one("#hits", RecordTable)
        table.clear()
        width = {key: w for key, _title, w in self.columns}["match"]
        for index, hit in enumerate(hits):
            match = marked(hit.title)
            match.stylize("italic")  # the title, then the snippet
            if hit.snippet:
                match.append("  ")
                match.append_text(marked(hit.snippet))
            match.truncate(width, overflow="ellipsis")
            table.add_row(hit.kind, Text(hit.client_name[:22]), match, key=str(index))
        status = self.query_one("#search-status", Static)
        if not text.strip():
            status.update("Type a few words: every one must match.")
        elif hits:
            down = keymap.key(self.app, "search.results", "↓")
            status.update(f"{len(hits)} found · {down} to the results · enter opens the client")
        else:
            status.update(f"Nothing matches “{text}”.")

    def on_resize(self) -> None:
        if self.query_one("#hits", RecordTable).use_columns(self.columns):
            self._show(self.query_one("#search", Input).value, self.hits)

    def action_to_results(self) -> None:
        self.query_one("#hits", RecordTable).focus()

    @on(Input.Submitted, "#search")
    def _submitted(self) -> None:
        if self.hits:
            self.action_to_results()

    @on(DataTable.RowSelected, "#hits")
    def _open(self, event: DataTable.RowSelected) -> None:
        hit = self.hits[int(str(event.row_key.value))]
        self.app.pop_screen()
        self.app.open_client(hit.client_id, hit.tab)


__all__ = ["SearchScreen"]
