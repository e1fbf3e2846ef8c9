"""Moving a portfolio: an owner leaving, rebalancing, rotation, and bulk actions on
chosen clients.

Every flow reads first, shows what it would do, and writes only after a confirmation:
a proposal is an editable table (who takes which client), then a summary to confirm;
``escape`` at any step leaves the database as it was. The writes are one transaction
each (``services.portfolio``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, DataTable, Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from handover_tui.domain.vocab import ClientStatus, TransitionReason
from handover_tui.ui.background import run_db
from handover_tui.ui.screens.form import FormField, FormScreen
from handover_tui.ui.widgets.record_table import RecordTable

if TYPE_CHECKING:
    from handover_tui.db.engine import Database
    from handover_tui.domain.portfolio import Move, Proposal, Receiver

PROPOSAL_COLUMNS = [
    ("client", "Client"),
    ("owner", "Owner now"),
    ("incoming", "Incoming owner"),
    ("load", "Their load"),
    ("renewal", "Renewal"),
    ("notes", "Notes"),
]


# -- dialogs --------------------------------------------------------------------------------


class ConfirmDialog(ModalScreen[bool]):
    """A summary of what is about to be written: ``enter`` writes it, ``escape`` not."""

    DEFAULT_CSS = """
    ConfirmDialog {
        align: center middle;
    }
    ConfirmDialog > Vertical {
        width: 90;
        max-width: 100%;
        height: auto;
        max-height: 90%;
        border: thick $primary;
        background: $surface;
        padding: 0 1;
    }
    ConfirmDialog #confirm-title {
        text-style: bold;
        padding: 0 0 1 0;
    }
    ConfirmDialog VerticalScroll {
        height: auto;
        max-height: 20;
    }
    ConfirmDialog Horizontal {
        height: auto;
        align: right middle;
        padding: 1 0 0 0;
    }
    ConfirmDialog Button {
        margin: 0 0 0 1;
    }
    """

    BINDINGS = [
        Binding("enter,y", "answer(True)", "Confirm", id="confirm.yes"),
        Binding("escape,n", "answer(False)", "Cancel", id="confirm.no"),
    ]

    def __init__(self, title: str, lines: Sequence[str], go: str) -> None:
        super().__init__()
        self.title_text = title
        self.lines = list(lines)
        self.go = go

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.title_text, id="confirm-title")
            with VerticalScroll(can_focus=False):
                yield Static(Text("\n".join(self.lines)), id="confirm-lines")
            with Horizontal():
                yield Button(f"{self.go} (enter)", variant="primary", id="confirm-go")
                yield Button("Cancel (esc)", id="confirm-cancel")

    def on_mount(self) -> None:
        self.query_one("#confirm-go", Button).focus()

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)

    @on(Button.Pressed, "#confirm-go")
    def _go(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#confirm-cancel")
    def _cancel(self) -> None:
        self.dismiss(False)


class ChoiceList(ModalScreen["str | None"]):
    """Pick one of a few labelled choices; dismissed with its id, or None on escape."""

    DEFAULT_CSS = """
    ChoiceList {
        align: center middle;
    }
    ChoiceList > Vertical {
        width: 64;
        max-width: 100%;
        height: auto;
        max-height: 90%;
        border: thick $primary;
        background: $surface;
        padding: 0 1;
    }
    ChoiceList #choice-title {
        text-style: bold;
        padding: 0 0 1 0;
    }
    ChoiceList OptionList {
        height: auto;
        max-height: 20;
    }
    """

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="choice.cancel")]

    def __init__(self, title: str, choices: Sequence[tuple[str, str]], at: int = 0) -> None:
        super().__init__()
        self.title_text = title
        self.choices = list(choices)
        self.at = at

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.title_text, id="choice-title")
            yield OptionList(*(Option(label, id=key) for key, label in self.choices))

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.highlighted = self.at
        options.focus()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option_id)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ChoiceForm(FormScreen):
    """A form that asks for choices and reads (nothing is written yet): its button says
    what comes next instead of "Save"."""

    def __init__(self, *args: Any, go: str = "Next", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.go = go

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#form-save", Button).label = f"{self.go} (ctrl+s)"


# -- the proposal table ------------------------------------------------------------------------


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


class ProposalScreen(Screen["list[int] | None"]):
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

    def __init__(self, proposal: Proposal, *, today: Any) -> None:
        super().__init__()
        self.proposal = proposal
        self.today = today
        self.history: list[Proposal] = []
        self.writing = False

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
        self.show()

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
        empty.update("No client left to move. Press u to undo, or escape." if self.history else "")
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
            load = loads.get(receiver.id, 0) + (0 if receiver.id == move.incoming_id else 1)
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


# -- the flows ---------------------------------------------------------------------------------


def _refused_when_read_only(app: Any) -> bool:
    if app.read_only:
        app.notify(
            f"Nothing can be changed: {app.read_only}.", title="Read-only", severity="warning"
        )
        return True
    return False


def _after_change(app: Any, client_ids: Sequence[int], message: str) -> None:
    """Say what was done, clear the roster's marks and let every screen read again."""
    app.notify(message)
    for screen in app.screen_stack:
        clear = getattr(screen, "clear_marks", None)
        if callable(clear):
            clear()
    for client_id in client_ids:
        app.client_changed.publish(client_id)
    app.reload_all()


def review(app: Any, proposal: Proposal) -> None:
    """Show a proposal to edit; on confirmation its transitions are created."""
    from handover_tui.domain.portfolio import started_text

    def done(ids: list[int] | None) -> None:
        if ids:
            # What was created is what the screen held when confirmed: say it from there.
            _after_change(
                app, [m.account.id for m in screen.proposal.ready], started_text(screen.proposal)
            )

    screen = ProposalScreen(proposal, today=app.current_date())
    app.push_screen(screen, done)


def _people_options(app: Any, then: Callable[[list[Any]], None]) -> None:
    from handover_tui.services import people

    run_db(app, people.list_people, then, group="form-open")


def _person_label(person: Any) -> str:
    capacity = person.capacity or "—"
    return f"{person.name} ({person.active_clients} / {capacity})"


def owner_leaving(app: Any, person_id: int | None = None) -> None:
    """Pick who leaves and their last day; then the proposal, then the confirmation."""
    from handover_tui.services import portfolio

    if _refused_when_read_only(app):
        return
    today = app.current_date()

    def ask(rows: list[Any]) -> None:
        fields = [
            FormField(
                "person_id",
                "Who is leaving",
                "select",
                [(_person_label(p), p.id) for p in rows],
                required=True,
                placeholder="(pick the owner)",
            ),
            FormField("last_day", "Last day", required=True, placeholder="YYYY-MM-DD"),
            FormField("start", "Handoffs start", required=True, placeholder="YYYY-MM-DD"),
        ]

        def propose(db: Database, values: dict[str, Any]) -> Proposal:
            if values.get("person_id") is None:
                from handover_tui.domain.validation import InvalidInput

                raise InvalidInput({"person_id": "Pick who is leaving."})
            return portfolio.propose_owner_leaving(
                db,
                values["person_id"],
                values.get("last_day") or "",
                start=values.get("start") or None,
                today=today,
            )

        form = ChoiceForm(
            "Owner leaving: whose clients move, and by when",
            fields,
            {"person_id": person_id, "start": today.isoformat()},
            propose,
            go="Propose",
            draft_key="portfolio.owner_leaving",
        )
        app.push_screen(form, lambda proposal: review(app, proposal) if proposal else None)

    _people_options(app, ask)


def rebalance(app: Any, person_id: int | None = None) -> None:
    """Propose which clients an owner over capacity hands on, and to whom."""
    from handover_tui.services import portfolio

    if _refused_when_read_only(app):
        return
    today = app.current_date()
    limits = app.settings.thresholds()

    def propose_for(chosen: int) -> None:
        def shown(proposal: Proposal) -> None:
            if not proposal.moves:
                app.notify(proposal.note or "Nothing to move.", severity="warning")
                return
            review(app, proposal)

        run_db(
            app,
            lambda db: portfolio.propose_rebalance(db, chosen, today=today, limits=limits),
            shown,
            group="portfolio-read",
        )

    if person_id is not None:
        propose_for(person_id)
        return

    def ask(rows: list[Any]) -> None:
        over = [p for p in rows if p.over_capacity]
        if not over:
            app.notify("Nobody is over capacity.", severity="information")
            return
        choices = [(str(p.id), _person_label(p)) for p in over]
        app.push_screen(
            ChoiceList("Rebalance whom? (over capacity)", choices),
            lambda key: propose_for(int(key)) if key else None,
        )

    _people_options(app, ask)


def rotation_due(app: Any) -> None:
    """Every client past the rotation interval, with a proposed new owner."""
    from handover_tui.services import portfolio

    if _refused_when_read_only(app):
        return
    today = app.current_date()
    limits = app.settings.thresholds()

    def shown(proposal: Proposal) -> None:
        if not proposal.moves:
            app.notify(proposal.note or "No client is due for rotation.")
            return
        review(app, proposal)

    run_db(
        app,
        lambda db: portfolio.propose_rotation(db, today=today, limits=limits),
        shown,
        group="portfolio-read",
    )


# -- bulk actions on chosen clients --------------------------------------------------------------

BULK_ACTIONS = [
    ("to_one", "Start transitions to one incoming owner…"),
    ("spread", "Start transitions spread across several owners…"),
    ("tags", "Change tags…"),
    ("status", "Change status…"),
    ("archive", "Archive…"),
]


def open_bulk_actions(app: Any, client_ids: list[int]) -> None:
    """The actions on several chosen clients (the roster's marks): each one asks, shows a
    summary and writes only once confirmed, in one transaction."""
    ids = sorted(set(client_ids))
    if not ids:
        app.notify("No clients are marked: space marks one on the roster.", severity="warning")
        return
    if _refused_when_read_only(app):
        return
    flows = {
        "to_one": _bulk_to_one,
        "spread": _bulk_spread,
        "tags": _bulk_tags,
        "status": _bulk_status,
        "archive": _bulk_archive,
    }
    count = f"{len(ids)} client{'s' if len(ids) != 1 else ''}"

    def chosen(key: str | None) -> None:
        if key is not None:
            flows[key](app, ids)

    app.push_screen(ChoiceList(f"Bulk action on {count}", BULK_ACTIONS), chosen)


def _confirm_then(
    app: Any,
    title: str,
    lines: Sequence[str],
    go: str,
    write: Callable[[Database], Any],
    done: Callable[[Any], None],
) -> None:
    def answered(yes: bool | None) -> None:
        if yes:
            run_db(app, write, done, group="portfolio-write")

    app.push_screen(ConfirmDialog(title, lines, go), answered)


def _bulk_to_one(app: Any, ids: list[int]) -> None:
    from handover_tui.domain.portfolio import plan_lines, started_text
    from handover_tui.services import portfolio

    today = app.current_date()

    def ask(rows: list[Any]) -> None:
        fields = [
            FormField(
                "incoming_id",
                "Incoming owner",
                "select",
                [(_person_label(p), p.id) for p in rows],
                required=True,
                placeholder="(pick the successor)",
            ),
            FormField("reason", "Reason", "select", TransitionReason.choices(), required=True),
            FormField("start", "Handoffs start", required=True, placeholder="YYYY-MM-DD"),
        ]

        def propose(db: Database, values: dict[str, Any]) -> Proposal:
            return portfolio.propose_to_one(
                db,
                ids,
                values.get("incoming_id") or 0,
                today=today,
                start=values.get("start"),
                reason=values.get("reason") or TransitionReason.WORKLOAD.value,
            )

        def confirm(proposal: Proposal | None) -> None:
            if proposal is None:
                return
            if not proposal.moves:
                app.notify(proposal.note or "No client to move.", severity="warning")
                return
            count = len(proposal.moves)
            _confirm_then(
                app,
                f"Start {count} transition{'s' if count != 1 else ''} with the default template?",
                plan_lines(proposal),
                "Start",
                lambda db: portfolio.apply(db, proposal, today=today),
                lambda _ids: _after_change(
                    app, [m.account.id for m in proposal.ready], started_text(proposal)
                ),
            )

        form = ChoiceForm(
            f"Start transitions of {len(ids)} clients to one owner",
            fields,
            {"reason": TransitionReason.WORKLOAD.value, "start": today.isoformat()},
            propose,
            go="Next",
            draft_key="portfolio.to_one",
        )
        app.push_screen(form, confirm)

    _people_options(app, ask)


def _bulk_spread(app: Any, ids: list[int]) -> None:
    from handover_tui.services import portfolio

    today = app.current_date()
    run_db(
        app,
        lambda db: portfolio.propose_spread(db, ids, today=today),
        lambda proposal: review(app, proposal),
        group="portfolio-read",
    )


def _names(rows: Sequence[tuple[int, str, str, str]]) -> list[str]:
    from handover_tui.domain.formatting import vocab_label

    return [
        f"  {name} ({owner or 'no owner'}, {vocab_label(status)})"
        for _i, name, owner, status in rows
    ]


def _bulk_tags(app: Any, ids: list[int]) -> None:
    from handover_tui.domain.validation import InvalidInput, tags
    from handover_tui.services import portfolio

    fields = [
        FormField("add", "Add tags", placeholder="comma-separated, e.g. strategic, renewal-risk"),
        FormField("remove", "Remove tags", placeholder="comma-separated"),
    ]

    def check(db: Database, values: dict[str, Any]) -> tuple[dict[str, str], list]:
        cleaned = {"add": tags(values.get("add")), "remove": tags(values.get("remove"))}
        if not cleaned["add"] and not cleaned["remove"]:
            raise InvalidInput({"add": "Type a tag to add or to remove."})
        return cleaned, portfolio.client_summaries(db, ids)

    def confirm(result: tuple[dict[str, str], list] | None) -> None:
        if result is None:
            return
        cleaned, rows = result
        words = []
        if cleaned["add"]:
            words.append(f"add {cleaned['add'].replace(',', ', ')}")
        if cleaned["remove"]:
            words.append(f"remove {cleaned['remove'].replace(',', ', ')}")
        _confirm_then(
            app,
            f"Tags on {len(rows)} clients: {' and '.join(words)}?",
            _names(rows),
            "Change",
            lambda db: portfolio.change_tags(db, ids, **cleaned),
            lambda done: _after_change(app, ids, f"Changed the tags of {done.changed} clients."),
        )

    form = ChoiceForm(
        f"Tags of {len(ids)} clients", fields, {}, check, go="Next", draft_key="portfolio.tags"
    )
    app.push_screen(form, confirm)


def _bulk_status(app: Any, ids: list[int]) -> None:
    from handover_tui.services import portfolio

    choices = [(status.value, status.label) for status in portfolio.SETTABLE]

    def chosen(status: str | None) -> None:
        if status is None:
            return

        def confirm(rows: list) -> None:
            label = ClientStatus(status).label.lower()
            _confirm_then(
                app,
                f"Set {len(rows)} clients to {label}?",
                _names(rows),
                "Change",
                lambda db: portfolio.change_status(db, ids, status),
                lambda done: _after_change(app, ids, f"Set {done.changed} clients to {label}."),
            )

        run_db(app, lambda db: portfolio.client_summaries(db, ids), confirm, group="form-open")

    app.push_screen(ChoiceList(f"Status of {len(ids)} clients", choices), chosen)


def _bulk_archive(app: Any, ids: list[int]) -> None:
    from handover_tui.services import portfolio

    def confirm(rows: list) -> None:
        _confirm_then(
            app,
            f"Archive {len(rows)} clients? (Each can be restored with a on the roster.)",
            _names(rows),
            "Archive",
            lambda db: portfolio.archive_clients(db, ids),
            lambda done: _after_change(app, ids, f"Archived {done.changed} clients."),
        )

    run_db(app, lambda db: portfolio.client_summaries(db, ids), confirm, group="form-open")
