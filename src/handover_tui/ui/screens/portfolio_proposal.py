"""The proposal table: who takes which client over, edited row by row, then confirmed.

The screen every proposing flow (``portfolio``) ends in; it writes only after the
confirmation, in one transaction (``services.portfolio.apply``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static

from handover_tui.ui import keymap
from handover_tui.ui.background import run_db
from handover_tui.ui.screens.portfolio_dialogs import ChoiceList, ConfirmDialog
from handover_tui.ui.typed import HandoverNode
from handover_tui.ui.widgets.footer import Footer
from handover_tui.ui.widgets.record_table import RecordTable

if TYPE_CHECKING:
    from handover_tui.domain.portfolio import Move, Proposal, Receiver
    from handover_tui.services.store import Database

PROPOSAL_COLUMNS = [
    ("client", "Client"),
    ("owner", "Owner now"),
    ("incoming", "Incoming owner"),
    ("load", "Their load"),
    ("renewal", "Renewal"),
    ("notes", "Notes"),
]


def load_text(receiver: Receiver | None, load: int) -> Text:
    """``8 / 10``, with a mark when over capacity."""
    if receiver is None:
        return Text("—")
    capacity = str(receiver.capacity) if receiver.capacity else "—"
    text = Text(f"{load} / {capacity}")
    if receiver.capacity and load > receiver.capacity:
        text.append(" ▲", style="bold")
    return text


def summary_text(proposal: Proposal) -> Text:
    """The heading of a proposal: what, when, and how many."""
    windows = proposal.windows
    lengths = " · ".join(f"{w.phase.value} {(w.end - w.start).days + 1} d" for w in windows)
    moves = len(proposal.moves)
    text = Text.assemble(
        (proposal.title, "bold"),
        f"\n{moves} client{'s' if moves != 1 else ''}, handoffs "
        f"{windows[0].start.isoformat()} to {windows[-1].end.isoformat()} ({lengths}); "
        f"reason: {proposal.reason.label.lower()}.",
    )
    if proposal.note:
        text.append(f"\n{proposal.note}", style="italic")
    text.append(
        "\n←/→ change the incoming owner · enter pick one · x leave a client out · "
        "u undo · ctrl+s create · esc cancel",
        style="dim",
    )
    return text


class ProposalScreen(HandoverNode, Screen["list[int] | None"]):
    """Who takes which client over, to edit row by row before anything is created."""

    DEFAULT_CSS = """
    ProposalScreen #proposal-summary {
        height: auto;
        padding: 0 1 1 1;
    }
    ProposalScreen #proposal-empty {
        padding: 1 2;
    }
    """

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="proposal.cancel", tooltip="Create nothing"),
        Binding(
            "ctrl+s",
            "create",
            "Create",
            id="proposal.create",
            tooltip="Create a transition per client (asks first)",
        ),
        Binding(
            "right,]",
            "cycle(1)",
            "Next owner",
            id="proposal.next",
            tooltip="Give the client to the next possible owner",
            priority=True,
        ),
        Binding(
            "left,[",
            "cycle(-1)",
            "Previous owner",
            id="proposal.previous",
            tooltip="Give the client to the previous possible owner",
            priority=True,
            show=False,
        ),
        Binding(
            "enter",
            "pick",
            "Pick owner",
            id="proposal.pick",
            tooltip="Choose the incoming owner from a list",
            priority=True,
        ),
        Binding(
            "x,delete",
            "drop",
            "Leave out",
            id="proposal.drop",
            tooltip="Leave the client where it is",
        ),
        Binding("u", "undo", "Undo", id="proposal.undo", tooltip="Undo the last change"),
    ]

    def __init__(
        self,
        proposal: Proposal | None,
        *,
        today: Any,
        load: Callable[[Database], Proposal] | None = None,
    ) -> None:
        """Either a ``proposal`` already worked out, or ``load`` to work it out in a
        worker while the screen says so; until it arrives only escape acts."""
        super().__init__()
        self.given = proposal
        self.load = load
        self.today = today
        self.history: list[Proposal] = []
        self.writing = False

    @property
    def proposal(self) -> Proposal:
        if self.given is None:
            raise LookupError("The proposal has not been worked out yet.")
        return self.given

    @proposal.setter
    def proposal(self, proposal: Proposal) -> None:
        self.given = proposal

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="proposal-summary")
        yield Static("", id="proposal-empty")
        yield RecordTable(id="proposal-table")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Proposal"
        table = self.table
        for key, title in PROPOSAL_COLUMNS:
            table.add_column(title, key=key)
        table.focus()
        if self.given is not None:
            self.show()
            return
        self.query_one("#proposal-summary", Static).update("Working out the proposal…")
        table.display = False
        if self.load is not None:
            run_db(self, self.load, self.arrived, failed=self.unreadable)

    def arrived(self, proposal: Proposal) -> None:
        """The proposal is worked out: show it and let the keys act on it."""
        self.proposal = proposal
        self.show()
        self.table.focus()
        self.refresh_bindings()

    def unreadable(self, error: BaseException) -> None:
        from handover_tui.services.errors import explain

        self.query_one("#proposal-summary", Static).update(explain(error))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.given is not None or action == "cancel"

    @property
    def table(self) -> RecordTable:
        return self.query_one("#proposal-table", RecordTable)

    def show(self, select: int | None = None) -> None:
        """Draw the proposal; the cursor stays on the same client (or row)."""
        proposal = self.proposal
        table = self.table
        row = table.cursor_row
        keep = select if select is not None else table.current_id
        table.clear()
        receivers = {receiver.id: receiver for receiver in proposal.receivers}
        loads = proposal.loads()
        for move in proposal.moves:
            receiver = receivers.get(move.incoming_id or -1)
            table.add_row(*self._cells(move, receiver, loads), key=str(move.account.id))
        if keep is not None and any(m.account.id == keep for m in proposal.moves):
            table.move_to(keep)
        elif proposal.moves:
            table.move_cursor(row=min(row, len(proposal.moves) - 1))
        self.query_one("#proposal-summary", Static).update(summary_text(proposal))
        empty = self.query_one("#proposal-empty", Static)
        undo_key = keymap.key(self.app, "proposal.undo", "u")
        cancel = keymap.key(self.app, "proposal.cancel", "escape")
        left = f"No client left to move. Press {undo_key} to undo, or {cancel}."
        nothing = f"{proposal.note or 'Nothing to move.'} Press {cancel} to go back."
        empty.update(left if self.history else nothing)
        empty.display = not proposal.moves
        table.display = bool(proposal.moves)

    @staticmethod
    def _cells(move: Move, receiver: Receiver | None, loads: dict[int, int]) -> list[Any]:
        renewal = move.account.renewal_date
        incoming = Text(move.incoming or "(nobody)")
        if move.over_capacity:
            incoming.stylize("bold")
        return [
            move.account.name,
            move.account.owner,
            incoming,
            load_text(receiver, loads.get(move.incoming_id or -1, 0)),
            renewal.isoformat() if renewal else "—",
            "; ".join(move.flags()),
        ]

    def _index(self) -> int | None:
        current = self.table.current_id
        for index, move in enumerate(self.proposal.moves):
            if move.account.id == current:
                return index
        return None

    def _change(self, proposal: Proposal) -> None:
        self.history.append(self.proposal)
        self.proposal = proposal
        self.show()

    def action_cycle(self, step: int) -> None:
        index = self._index()
        if index is None:
            return
        changed = self.proposal.cycle(index, step)
        if changed is not self.proposal:
            self._change(changed)

    def action_pick(self) -> None:
        index = self._index()
        if index is None:
            return
        move = self.proposal.moves[index]
        loads = self.proposal.loads()
        choices = self.proposal.choices_for(move)
        labels = []
        for receiver in choices:
            taking = 0 if receiver.id == move.incoming_id else move.account.weight
            load = loads.get(receiver.id, 0) + taking
            capacity = receiver.capacity or "—"
            labels.append((str(receiver.id), f"{receiver.name}  ({load} / {capacity} with it)"))
        at = next((i for i, r in enumerate(choices) if r.id == move.incoming_id), 0)

        def picked(key: str | None) -> None:
            if key is not None and int(key) != move.incoming_id:
                self._change(self.proposal.with_incoming(index, int(key)))

        self.app.push_screen(ChoiceList(f"Who takes {move.account.name}?", labels, at), picked)

    @on(DataTable.RowSelected)
    def _clicked(self) -> None:
        self.action_pick()

    def action_drop(self) -> None:
        index = self._index()
        if index is not None:
            self._change(self.proposal.without(index))

    def action_undo(self) -> None:
        if not self.history:
            self.notify("Nothing to undo.", severity="warning")
            return
        self.proposal = self.history.pop()
        self.show()

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_create(self) -> None:
        from handover_tui.domain.portfolio import plan_lines

        proposal = self.proposal
        if not proposal.ready:
            self.notify("No client in the proposal has an incoming owner.", severity="warning")
            return
        count = len(proposal.ready)
        title = f"Create {count} transition{'s' if count != 1 else ''} with the default template?"
        dialog = ConfirmDialog(title, plan_lines(proposal), "Create")
        self.app.push_screen(dialog, lambda yes: self._write(proposal) if yes else None)

    def _write(self, proposal: Proposal) -> None:
        from handover_tui.services import portfolio

        if self.writing:
            return
        self.writing = True
        today = self.today

        def failed(error: BaseException) -> None:
            self.writing = False
            self.app.show_error(error)

        run_db(
            self,
            lambda db: portfolio.apply(db, proposal, today=today),
            self.dismiss,
            group="portfolio-write",
            failed=failed,
        )
