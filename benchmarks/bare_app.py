"""The yardstick: a bare Textual app with a Header, a DataTable and a Footer.

Start-up figures are given as a ratio to this app's, measured in the same run, so they
say what handover adds to what any Textual app costs on the machine at hand.
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import DataTable, Footer, Header


class BareApp(App[None]):
    """Nothing but the three widgets every handover screen starts from."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield DataTable()
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(DataTable).add_columns("Client", "Owner", "Status", "Renewal", "Value")


if __name__ == "__main__":
    BareApp().run()
