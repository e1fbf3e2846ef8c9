"""App-wide messages."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from handover_tui.services.transitions import TransitionPlan


class PlanChanged(Message):
    """A tab changed the client's transition plan.

    With ``plan`` the new state is already known (a tick) and is handed to the other
    tabs as it is; without it, the client screen reads everything again.
    """

    def __init__(self, plan: TransitionPlan | None = None) -> None:
        super().__init__()
        self.plan = plan
