"""The activity tab: what was done to this client and its records, by whom, newest first."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.widgets import TabPane

from handover_tui.ui.background import run_db
from handover_tui.ui.screens.activity import ActivityView

if TYPE_CHECKING:
    from handover_tui.services.audit import ActivityRow


class ActivityPane(TabPane):
    """The client's audit trail; read each time the tab is shown, and while it is shown
    whenever the client screen reads the client again (a change here or in another
    session). Hidden, it reads nothing: what other tabs do is there when you look."""

    LIMIT = 500

    def __init__(self, client_id: int) -> None:
        super().__init__("Activity", id="activity")
        self.client_id = client_id

    def compose(self) -> ComposeResult:
        yield ActivityView(
            table_id="activity-table",
            empty="Nothing recorded for this client yet.",
        )

    def on_show(self) -> None:
        self.load()

    def load(self) -> None:
        """Read this client's newest entries (in a worker) and show them, if the tab is
        shown; otherwise :meth:`on_show` does it when it is."""
        from handover_tui.services import audit

        if not self.display:
            return
        client_id, limit = self.client_id, self.LIMIT
        run_db(
            self,
            lambda db: audit.list_activity(db, client_id=client_id, limit=limit),
            self.show,
            group="client-activity",
            exclusive=True,
        )

    def show(self, rows: list[ActivityRow]) -> None:
        self.query_one(ActivityView).show(rows)


__all__ = ["ActivityPane"]
