"""The people who own accounts, with their load against capacity and their credentials."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static

from handover_tui.ui import keymap
from handover_tui.ui.background import run_db
from handover_tui.ui.guard import ReadOnlyGuard
from handover_tui.ui.keys import opens_screen
from handover_tui.ui.screens.people_card import person_card
from handover_tui.ui.screens.people_rows import (
    credential_cells,
    credential_layout,
    people_layout,
    person_cells,
)
from handover_tui.ui.widgets.footer import Footer
from handover_tui.ui.widgets.record_table import RecordTable

if TYPE_CHECKING:
    from handover_tui.models import Credential
    from handover_tui.services.people import PersonRow
    from handover_tui.services.scorecard import Scorecard

PANEL_KEYS = (
    ("people.credential_add", "c", "add"),
    ("people.credential_remove", "x", "remove"),
    ("people.credential_undo", "u", "undo"),
)
"""The credentials panel's bindings (id, default key, what it does), named in its title."""


class PeopleScreen(ReadOnlyGuard, Screen):
    """Add and edit the people clients are assigned to, and record their credentials."""

    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="people.back", tooltip="Back"),
        Binding("n", "new_person", "New", id="people.new", tooltip="Add a person", priority=True),
        Binding(
            "e",
            "edit_person",
            "Edit",
            id="people.edit",
            tooltip="Edit the selected person",
            priority=True,
        ),
        Binding(
            "c",
            "add_credential",
            "Credential",
            id="people.credential_add",
            tooltip="Record a licence or certification of the selected person",
            priority=True,
        ),
        Binding(
            "x",
            "remove_credential",
            "Remove credential",
            id="people.credential_remove",
            tooltip="Remove the highlighted credential (undo with u)",
            show=False,  # named in the panel's title: the footer is full at 80 cells
        ),
        Binding(
            "u",
            "undo_credential",
            "Undo removal",
            id="people.credential_undo",
            tooltip="Bring back the credential just removed",
            show=False,
        ),
        Binding(
            "y",
            "copy",
            "Copy",
            id="people.copy",
            show=False,
            tooltip="Copy the person's e-mail address (or phone) to the clipboard",
        ),
        Binding(
            "L",
            "owner_leaving",
            "Leaving…",
            id="people.leaving",
            show=False,
            tooltip="The selected person leaves: propose who takes each of their clients",
            priority=True,
        ),
        Binding(
            "R",
            "rebalance",
            "Rebalance…",
            id="people.rebalance",
            show=False,
            tooltip="The selected person is over capacity: propose which clients move to whom",
            priority=True,
        ),
        Binding("q", "app.quit", "Quit", id="people.quit", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.people: dict[int, PersonRow] = {}
        self.credentials: list[Credential] = []
        self.credentials_of: int | None = None
        """The person whose credentials are shown, or being fetched."""
        self.shown_for: int | None = None
        """The person whose credentials ``credentials`` holds."""
        self._removed: Credential | None = None
        self.cards: dict[int, Scorecard] = {}
        """Each person's scorecard, read beside the list."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="people-empty")
        yield RecordTable(id="people-table")
        with Vertical(id="credentials-panel"):
            yield Static("", id="person-card")
            yield Static("", id="credentials-title")
            yield Static("", id="credentials-empty")
            yield RecordTable(id="credentials-table")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "People"
        table = self.table
        table.use_columns(self.columns)
        self.credential_table.use_columns(self.credential_columns)
        self.query_one("#credentials-panel").display = False
        table.focus()
        self.load()

    @property
    def table(self) -> RecordTable:
        return self.query_one("#people-table", RecordTable)

    @property
    def credential_table(self) -> RecordTable:
        return self.query_one("#credentials-table", RecordTable)

    @property
    def credential_columns(self) -> list[tuple[str, str, int]]:
        return credential_layout(self.size.width)

    @property
    def columns(self) -> list[tuple[str, str, int]]:
        return people_layout(self.size.width)

    def on_resize(self) -> None:
        if self.table.use_columns(self.columns):
            self._show(list(self.people.values()), None)
        keep = self.credential_table.current_id
        if self.credential_table.use_columns(self.credential_columns):
            self._show_credentials(self.shown_for, self.credentials, keep)

    # -- people ----------------------------------------------------------------------------

    def load(self, select: int | None = None) -> None:
        from handover_tui.services import people, scorecard

        run_db(
            self,
            people.list_people,
            lambda rows: self._show(rows, select),
            group="people",
            exclusive=True,
        )
        today = self.app.current_date()
        run_db(
            self,
            lambda db: scorecard.scorecards(db, today),
            self._show_cards,
            group="scorecards",
            exclusive=True,
        )

    def _show_cards(self, cards: dict[int, Scorecard]) -> None:
        self.cards = cards
        self._show_card()

    def _show_card(self) -> None:
        person = self.people.get(self.table.current_id or -1)
        if person is None:
            return
        edit = keymap.key(self.app, "people.edit", "e")
        self.query_one("#person-card", Static).update(
            person_card(person, self.cards.get(person.id), edit)
        )

    def _show(self, rows: list[PersonRow], select: int | None) -> None:
        table = self.table
        keep = select if select is not None else table.current_id
        table.clear()
        self.people = {row.id: row for row in rows}
        for row in rows:
            table.add_row(*person_cells(row, self.columns), key=str(row.id))
        if keep is not None:
            table.move_to(keep)
        empty = self.query_one("#people-empty", Static)
        new = keymap.key(self.app, "people.new", "n")
        empty.update(
            "" if rows else f"Nobody here yet. Press {new} to add the people who own accounts."
        )
        empty.display = not rows
        table.display = bool(rows)
        self._person_highlighted()

    @opens_screen
    def action_new_person(self) -> Any:
        from handover_tui.ui.screens.forms import person_form

        return self.app.push_screen(person_form(None, self.app.settings.phone_region), self._saved)

    @opens_screen
    def action_edit_person(self) -> Any:
        person_id = self.table.current_id
        if person_id is None:
            self.notify("No person selected.", severity="warning")
            return
        return self._edit(person_id)

    def action_copy(self) -> None:
        from handover_tui.ui.clipboard import copy_reach

        person = self.people.get(self.table.current_id or -1)
        if person is None:
            self.notify("No person selected.", severity="warning")
            return
        copy_reach(self, person.name, person.email, person.phone)

    @on(DataTable.RowSelected, "#people-table")
    def _chosen(self, event: DataTable.RowSelected) -> None:
        self._edit(int(str(event.row_key.value)))

    def _edit(self, person_id: int) -> Any:
        from handover_tui.ui.screens.forms import person_form

        form = person_form(self.people[person_id], self.app.settings.phone_region)
        return self.app.push_screen(form, self._saved)

    def _saved(self, person: Any) -> None:
        if person is None:
            return
        self.notify(f"Saved {person.name}.")
        self.load(select=person.id)

    # -- credentials of the selected person ------------------------------------------------

    @on(DataTable.RowHighlighted, "#people-table")
    def _person_highlighted(self) -> None:
        person = self.people.get(self.table.current_id or -1)
        panel = self.query_one("#credentials-panel")
        panel.display = person is not None
        if person is None:
            self.credentials_of = None
            return
        keys = [key for key, _title, _width in self.columns]
        self._show_card()
        self.query_one("#credentials-title", Static).update(
            Text.assemble(
                (f"Credentials of {person.name}", "bold"),
                # The role column gives way at 80 cells: say it here.
                (f" ({person.role})" if person.role and "role" not in keys else "", "bold"),
                (self._panel_keys(), "dim"),
            )
        )
        if person.id != self.credentials_of:
            self.load_credentials(person.id)

    def _panel_keys(self) -> str:
        """``   c add · x remove · u undo``, with the keys the user's key map put in force."""
        keys = (f"{keymap.key(self.app, id_, default)} {what}" for id_, default, what in PANEL_KEYS)
        return "   " + " · ".join(keys)

    def load_credentials(self, person_id: int, select: int | None = None) -> None:
        """Fetch the person's credentials in a worker; a newer request drops this one."""
        from handover_tui.services import people

        self.credentials_of = person_id
        run_db(
            self,
            lambda db: people.list_credentials(db, person_id),
            lambda rows: self._show_credentials(person_id, rows, select),
            group="credentials",
            exclusive=True,
        )

    def _show_credentials(
        self, person_id: int | None, rows: list[Credential], select: int | None = None
    ) -> None:
        table = self.credential_table
        keep = select if select is not None else table.current_id
        table.clear()
        self.shown_for = person_id
        self.credentials = rows
        columns = self.credential_columns
        today = self.app.current_date()
        for credential in rows:
            table.add_row(*credential_cells(credential, columns, today), key=str(credential.id))
        if keep is not None:
            table.move_to(keep)
        if not rows and table.has_focus:
            self.table.focus()
        table.display = bool(rows)
        empty = self.query_one("#credentials-empty", Static)
        add = keymap.key(self.app, "people.credential_add", "c")
        empty.update(f"None recorded. Press {add} to add a licence or certification.")
        empty.display = not rows

    def _selected_person(self) -> PersonRow | None:
        person = self.people.get(self.table.current_id or -1)
        if person is None:
            self.notify("No person selected.", severity="warning")
        return person

    @opens_screen
    def action_add_credential(self) -> Any:
        from handover_tui.ui.screens.credential_form import credential_form

        person = self._selected_person()
        if person is None:
            return

        def saved(credential: Credential | None) -> None:
            if credential is None:
                return
            self.notify(f"Added {credential.name} for {person.name}.")
            if self.table.current_id == credential.person_id:
                self.load_credentials(credential.person_id, select=credential.id)

        return self.app.push_screen(credential_form(person.id, person.name), saved)

    def action_remove_credential(self) -> None:
        from handover_tui.services import people

        person = self._selected_person()
        if person is None:
            return
        if self.shown_for != person.id:
            self.notify("The credentials are still loading; try again.", severity="warning")
            return
        if not self.credentials:
            self.notify(f"{person.name} has no credentials to remove.", severity="warning")
            return
        table = self.credential_table
        if len(self.credentials) > 1 and not table.has_focus:
            # Which one is meant is not plain from the people list: ask for a pick.
            table.focus()
            remove = keymap.key(self.app, "people.credential_remove", "x")
            self.notify(f"Pick the credential to remove, then press {remove} again.")
            return
        credential_id = table.current_id
        if credential_id is None:
            return

        def removed(credential: Credential) -> None:
            self._removed = credential
            undo_key = keymap.key(self.app, "people.credential_undo", "u")
            self.notify(f"Removed {credential.name}. Press {undo_key} to undo.")
            if self.table.current_id == credential.person_id:
                self.load_credentials(credential.person_id)

        run_db(
            self,
            lambda db: people.remove_credential(db, credential_id),
            removed,
            group="credentials-write",
        )

    def action_undo_credential(self) -> None:
        from handover_tui.services import people

        credential = self._removed
        if credential is None:
            self.notify("Nothing to undo.", severity="warning")
            return
        self._removed = None

        def restored(credential: Credential) -> None:
            self.notify(f"Restored {credential.name}.")
            if credential.person_id not in self.people:
                return  # archived meanwhile: nobody listed to show it under
            # Show it where it came back, even if the cursor has moved to someone else.
            self.table.move_to(credential.person_id)
            self.load_credentials(credential.person_id, select=credential.id)

        run_db(
            self,
            lambda db: people.restore_credential(db, credential),
            restored,
            group="credentials-write",
        )

    @opens_screen
    def action_owner_leaving(self) -> Any:
        """Propose an incoming owner for each client of the selected person."""
        from handover_tui.ui.screens import portfolio

        person = self._selected_person()
        if person is not None:
            return portfolio.owner_leaving(self.app, person.id)

    @opens_screen
    def action_rebalance(self) -> Any:
        """Propose which of the selected person's clients move, and to whom."""
        from handover_tui.ui.screens import portfolio

        person = self._selected_person()
        if person is None:
            return
        if not person.over_capacity:
            capacity = person.capacity or "no capacity set"
            self.notify(
                f"{person.name} carries {person.load} of {capacity}: nothing to rebalance.",
                severity="warning",
            )
            return
        return portfolio.rebalance(self.app, person.id)

    def palette_commands(self) -> Iterable[SystemCommand]:
        yield SystemCommand("Add a person", "Someone who can own accounts", self.action_new_person)
        yield SystemCommand(
            "Edit selected person", "Name, role, contact, capacity", self.action_edit_person
        )
        yield SystemCommand(
            "Add a credential",
            "A licence or certification of the selected person, with its expiry",
            self.action_add_credential,
        )
        yield SystemCommand(
            "Remove highlighted credential", "Undo with u", self.action_remove_credential
        )
        yield SystemCommand(
            "Undo credential removal",
            "Bring back the credential just removed",
            self.action_undo_credential,
        )
