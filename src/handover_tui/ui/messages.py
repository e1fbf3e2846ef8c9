"""App-wide messages, and what one screen hands the next."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from textual.message import Message

from handover_tui.ui.typed import HandoverNode

if TYPE_CHECKING:
    from handover_tui.services.transitions import TransitionPlan


@dataclass(frozen=True)
class ClientKnown:
    """What the screen that opens a client already knows of it: its first frame shows it."""

    name: str
    status: str


class PlanChanged(Message):
    """A tab changed the client's transition plan.

    With ``plan`` the new state is already known (a tick) and is handed to the other
    tabs as it is; without it, the client screen reads everything again.
    """

    def __init__(self, plan: TransitionPlan | None = None) -> None:
        super().__init__()
        self.plan = plan


class FollowsClients(HandoverNode):
    """A screen that reads again when this app saves a client (``client_changed``).

    It lets go of the signal when it closes: Textual's signal keeps a subscriber until
    its next publish, so every closed client screen (some 16,000 objects) stayed alive
    until a client was saved, and each full garbage collection took longer (0.2 s after
    eight clients opened and closed at 10,000 clients).
    """

    def follow_clients(self, callback: Callable[[int], Any]) -> None:
        self.app.client_changed.subscribe(self, callback)

    def on_unmount(self) -> None:
        self.app.client_changed.unsubscribe(self)
