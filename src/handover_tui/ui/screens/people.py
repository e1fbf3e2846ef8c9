"""The people who own accounts, with their load against capacity."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from handover_tui.ui.background import run_db
from handover_tui.ui.widgets.record_table import RecordTable

if TYPE_CHECKING:
    from handover_tui.services.people import PersonRow

COLUMNS = [
    ("name", "Name"),
    ("role", "Role"),
    ("load", "Clients / capacity"),
    ("email", "E-mail"),
    ("phone", "Phone"),
]


def person_cells(person: PersonRow) -> list[Any]:
    capacity = str(person.capacity) if person.capacity else "—"
    load = Text(f"{person.active_clients} / {capacity}")
    if person.over_capacity:
        load.append("  ▲ over capacity", style="bold")
    return [person.name, person.role, load, person.email, person.phone]


class PeopleScreen(Screen):
    """Add and edit the people clients are assigned to."""

    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="people.back", tooltip="Back"),
        Binding("n", "new_person", "New", id="people.new", tooltip="Add a person"),
        Binding("e", "edit_person", "Edit", id="people.edit", tooltip="Edit the selected person"),
        Binding("q", "app.quit", "Quit", id="people.quit", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.people: dict[int, PersonRow] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="people-empty")
        yield RecordTable(id="people-table")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "People"
        table = self.query_one(RecordTable)
        for key, title in COLUMNS:
            table.add_column(title, key=key)
        table.focus()
        self.load()

    def load(self, select: int | None = None) -> None:
        from handover_tui.services import people

        run_db(
            self,
            people.list_people,
            lambda rows: self._show(rows, select),
            group="people",
            exclusive=True,
        )

    def _show(self, rows: list[PersonRow], select: int | None) -> None:
        table = self.query_one(RecordTable)
        keep = select if select is not None else table.current_id
        table.clear()
        self.people = {row.id: row for row in rows}
        for row in rows:
            table.add_row(*person_cells(row), key=str(row.id))
        if keep is not None:
            table.move_to(keep)
        empty = self.query_one("#people-empty", Static)
        empty.update("" if rows else "Nobody here yet. Press n to add the people who own accounts.")
        empty.display = not rows
        table.display = bool(rows)

    def action_new_person(self) -> None:
        from handover_tui.ui.screens.forms import person_form

        self.app.push_screen(person_form(None, self.app.settings.phone_region), self._saved)

    def action_edit_person(self) -> None:
        person_id = self.query_one(RecordTable).current_id
        if person_id is None:
            self.notify("No person selected.", severity="warning")
            return
        self._edit(person_id)

    @on(DataTable.RowSelected)
    def _chosen(self, event: DataTable.RowSelected) -> None:
        self._edit(int(str(event.row_key.value)))

    def _edit(self, person_id: int) -> None:
        from handover_tui.ui.screens.forms import person_form

        form = person_form(self.people[person_id], self.app.settings.phone_region)
        self.app.push_screen(form, self._saved)

    def _saved(self, person: Any) -> None:
        if person is None:
            return
        self.notify(f"Saved {person.name}.")
        self.load(select=person.id)

    def palette_commands(self) -> Iterable[SystemCommand]:
        yield SystemCommand("Add a person", "Someone who can own accounts", self.action_new_person)
        yield SystemCommand(
            "Edit selected person", "Name, role, contact, capacity", self.action_edit_person
        )
