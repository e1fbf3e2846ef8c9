"""One client: its overview and its contacts, in tabs."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static, TabbedContent, TabPane

from handover_tui.domain.formatting import date_text, money_text, vocab_label
from handover_tui.ui.background import run_db
from handover_tui.ui.format import status_text
from handover_tui.ui.widgets.record_table import Column, RecordTable, fit, fit_columns

if TYPE_CHECKING:
    from handover_tui.models import Contact
    from handover_tui.services.clients import ClientDetail

CONTACT_WIDE: list[Column] = [
    ("name", "Name", None),
    ("title", "Title", 18),
    ("email", "E-mail", 32),
    ("phone", "Phone", 17),
]
CONTACT_NARROW: list[Column] = [
    ("name", "Name", None),
    ("email", "E-mail", 28),
    ("phone", "Phone", 17),
]


def contact_layout(total: int) -> list[tuple[str, str, int]]:
    return fit_columns(total, CONTACT_WIDE if total >= 100 else CONTACT_NARROW)


def contact_cells(contact: Contact, columns: list[tuple[str, str, int]]) -> list[Any]:
    widths = {key: width for key, _title, width in columns}
    cells = {
        "name": lambda: fit(contact.name + (" ★" if contact.is_primary else ""), widths["name"]),
        "title": lambda: fit(contact.title, widths["title"]),
        "email": lambda: fit(contact.email, widths["email"]),
        "phone": lambda: fit(contact.phone, widths["phone"]),
    }
    return [cells[key]() for key, _title, _width in columns]


def contact_renderable(contact: Contact) -> Group:
    """Everything about one contact, under the list."""
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column()
    primary = "yes ★" if contact.is_primary else "no"
    for label, value in [
        ("Name", contact.name),
        ("Title / role", contact.title),
        ("E-mail", contact.email),
        ("Phone", contact.phone),
        ("Prefers", vocab_label(contact.preferred_channel)),
        ("Time zone", contact.time_zone),
        ("Primary", primary),
    ]:
        grid.add_row(label, value or Text("—", style="dim"))
    parts: list[Any] = [grid]
    if contact.notes.strip():
        parts += [Text(""), Text(contact.notes.strip())]
    return Group(*parts)


def overview_renderable(detail: ClientDetail) -> Group:
    """Every field of the client, labelled, then the free-text overview."""
    client = detail.client
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column()
    tags = ", ".join(tag for tag in client.tags.split(",") if tag)
    for label, value in [
        ("Status", status_text(client.status)),
        ("Lifecycle stage", vocab_label(client.lifecycle_stage)),
        ("Owner", detail.owner or Text("no owner", style="italic")),
        ("Deputy", detail.deputy or Text("none named", style="italic")),
        ("Industry", client.industry),
        ("Segment", client.segment),
        ("Client since", date_text(client.relationship_start)),
        ("Renewal date", date_text(client.renewal_date)),
        ("Annual value", money_text(client.annual_value, client.currency)),
        ("Tags", tags),
    ]:
        grid.add_row(label, value or Text("—", style="dim"))
    overview = client.overview.strip() or "No overview yet: press e to write one."
    return Group(
        grid,
        Text(""),
        Text("Overview", style="bold underline"),
        Text("Performance, ongoing projects, outstanding issues", style="dim"),
        Text(overview, style="" if client.overview.strip() else "italic"),
    )


class ClientScreen(Screen):
    """A client's record: ``o`` overview, ``c`` contacts; ``escape`` back to the list."""

    BINDINGS = [
        Binding("escape", "back", "Back", id="client.back", tooltip="Back to the roster"),
        Binding(
            "o",
            "show_tab('overview')",
            "Overview",
            id="client.overview",
            tooltip="Show the overview tab",
        ),
        Binding(
            "c",
            "show_tab('contacts')",
            "Contacts",
            id="client.contacts",
            tooltip="Show the contacts tab",
        ),
        Binding(
            "e",
            "edit",
            "Edit",
            id="client.edit",
            tooltip="Edit the client (overview) or the selected contact (contacts)",
        ),
        Binding(
            "n", "new_contact", "New contact", id="client.new_contact", tooltip="Add a stakeholder"
        ),
        Binding(
            "d",
            "delete_contact",
            "Delete contact",
            id="client.delete_contact",
            tooltip="Remove the selected contact (undo with u)",
        ),
        Binding(
            "u",
            "undo",
            "Undo",
            id="client.undo",
            show=False,
            tooltip="Bring back the contact just removed",
        ),
        Binding(
            "a",
            "archive",
            "Archive",
            id="client.archive",
            show=False,
            tooltip="Archive this client, or restore it if archived",
        ),
        Binding("q", "app.quit", "Quit", id="client.quit", show=False),
    ]

    def __init__(self, client_id: int, tab: str = "overview") -> None:
        super().__init__()
        self.client_id = client_id
        self.initial_tab = tab
        self.detail: ClientDetail | None = None
        self.contacts: dict[int, Contact] = {}
        self._removed: Contact | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with TabbedContent(initial=self.initial_tab):
            with TabPane("Overview", id="overview"), VerticalScroll():
                yield Static("Loading…", id="overview-body")
            with TabPane("Contacts", id="contacts"):
                yield Static("", id="contacts-empty")
                yield RecordTable(id="contacts-table")
                yield Static("", id="contact-detail")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Client"
        self._contact_columns()
        self.load()

    @property
    def contact_columns(self) -> list[tuple[str, str, int]]:
        return contact_layout(self.size.width)

    def _contact_columns(self) -> None:
        table = self.contacts_table
        table.clear(columns=True)
        for key, title, width in self.contact_columns:
            table.add_column(title, key=key, width=width)

    def on_resize(self) -> None:
        table = self.contacts_table
        shown = [(key.value, column.width) for key, column in table.columns.items()]
        if shown and shown != [(key, width) for key, _title, width in self.contact_columns]:
            keep = table.current_id
            self._contact_columns()
            for contact_id, contact in self.contacts.items():
                table.add_row(*contact_cells(contact, self.contact_columns), key=str(contact_id))
            if keep is not None:
                table.move_to(keep)

    @on(DataTable.RowHighlighted, "#contacts-table")
    def _contact_highlighted(self) -> None:
        self._show_contact_detail()

    @property
    def contacts_table(self) -> RecordTable:
        return self.query_one("#contacts-table", RecordTable)

    @property
    def tab(self) -> str:
        return self.query_one(TabbedContent).active

    def load(self) -> None:
        from handover_tui.services import clients, contacts

        client_id = self.client_id
        run_db(
            self,
            lambda db: (clients.get_client(db, client_id), contacts.list_contacts(db, client_id)),
            lambda result: self._show(*result),
            group="client",
            exclusive=True,
        )

    def _show(self, detail: ClientDetail, contacts: list[Contact]) -> None:
        self.detail = detail
        self.title = detail.client.name
        self.query_one("#overview-body", Static).update(overview_renderable(detail))
        table = self.contacts_table
        keep = table.current_id
        table.clear()
        self.contacts = {contact.id or 0: contact for contact in contacts}
        for contact in contacts:
            table.add_row(*contact_cells(contact, self.contact_columns), key=str(contact.id))
        if keep is not None:
            table.move_to(keep)
        self._contacts_empty()
        if self.tab == "contacts":
            table.focus()

    def _contacts_empty(self) -> None:
        empty = self.query_one("#contacts-empty", Static)
        count = self.contacts_table.row_count
        empty.update("" if count else "No contacts yet. Press n to add the client's stakeholders.")
        empty.display = count == 0
        self.contacts_table.display = count > 0
        self._show_contact_detail()

    def _show_contact_detail(self) -> None:
        contact = self.contacts.get(self.contacts_table.current_id or -1)
        detail = self.query_one("#contact-detail", Static)
        detail.update(contact_renderable(contact) if contact else "")
        detail.display = contact is not None

    # -- actions ---------------------------------------------------------------------------

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_show_tab(self, tab: str) -> None:
        self.query_one(TabbedContent).active = tab
        if tab == "contacts":
            self.contacts_table.focus()

    @on(TabbedContent.TabActivated)
    def _tab_changed(self, event: TabbedContent.TabActivated) -> None:
        if event.pane.id == "contacts" and self.contacts_table.display:
            self.contacts_table.focus()

    def action_edit(self) -> None:
        if self.tab == "contacts":
            self._edit_contact(self.contacts_table.current_id)
        else:
            self.app.edit_client(self.client_id)

    @on(DataTable.RowSelected, "#contacts-table")
    def _contact_chosen(self, event: DataTable.RowSelected) -> None:
        self._edit_contact(int(str(event.row_key.value)))

    def _edit_contact(self, contact_id: int | None) -> None:
        from handover_tui.ui.screens.forms import contact_form

        if contact_id is None:
            self.notify("No contact selected.", severity="warning")
            return
        form = contact_form(
            self.client_id, self.contacts[contact_id], self.app.settings.phone_region
        )
        self.app.push_screen(form, self._contact_saved)

    def action_new_contact(self) -> None:
        from handover_tui.ui.screens.forms import contact_form

        self.action_show_tab("contacts")
        form = contact_form(self.client_id, None, self.app.settings.phone_region)
        self.app.push_screen(form, self._contact_saved)

    def _contact_saved(self, contact: Contact | None) -> None:
        if contact is None:
            return
        self.notify(f"Saved contact {contact.name}.")
        self._reload_contacts(select=contact.id)

    def _reload_contacts(self, select: int | None = None) -> None:
        """Contacts are few; reloading them also picks up a primary flag moved elsewhere."""
        from handover_tui.services import contacts

        client_id = self.client_id

        def show(rows: list[Contact]) -> None:
            table = self.contacts_table
            fresh = {contact.id or 0: contact for contact in rows}
            for contact_id in set(self.contacts) - set(fresh):
                table.remove_row(str(contact_id))
            for contact_id, contact in fresh.items():
                key = str(contact_id)
                if key not in table.rows:
                    table.add_row(*contact_cells(contact, self.contact_columns), key=key)
                elif self.contacts.get(contact_id) != contact:
                    columns = self.contact_columns
                    cells = contact_cells(contact, columns)
                    for (column, _title, _width), cell in zip(columns, cells, strict=True):
                        table.update_cell(key, column, cell)
            self.contacts = fresh
            self._contacts_empty()
            if select is not None:
                table.move_to(select)
            table.focus()

        run_db(self, lambda db: contacts.list_contacts(db, client_id), show, group="contacts")

    def action_delete_contact(self) -> None:
        from handover_tui.services import contacts

        contact_id = self.contacts_table.current_id if self.tab == "contacts" else None
        if contact_id is None:
            self.notify("Open the contacts tab (c) and select a contact first.", severity="warning")
            return

        def removed(contact: Contact) -> None:
            self._removed = contact
            self.notify(f"Removed {contact.name}. Press u to undo.")
            self._reload_contacts()

        run_db(self, lambda db: contacts.delete_contact(db, contact_id), removed, group="contacts")

    def action_undo(self) -> None:
        from handover_tui.services import contacts

        contact = self._removed
        if contact is None:
            self.notify("Nothing to undo.", severity="warning")
            return
        self._removed = None

        def restored(contact: Contact) -> None:
            self.notify(f"Restored {contact.name}.")
            self._reload_contacts(select=contact.id)

        run_db(self, lambda db: contacts.restore_contact(db, contact), restored, group="contacts")

    def action_archive(self) -> None:
        from handover_tui.services import clients

        if self.detail is None:
            return
        archived = self.detail.client.status == "archived"
        change = clients.unarchive_client if archived else clients.archive_client
        verb = "Restored" if archived else "Archived"
        client_id = self.client_id

        def done(_client: Any) -> None:
            self.notify(f"{verb} {self.detail.client.name if self.detail else 'client'}.")
            self.app.client_changed.publish(client_id)
            self.load()

        run_db(self, lambda db: change(db, client_id), done, group="client-write")

    def palette_commands(self) -> Iterable[SystemCommand]:
        yield SystemCommand(
            "Edit this client", "Open the client form", lambda: self.app.edit_client(self.client_id)
        )
        yield SystemCommand(
            "Add a contact", "Add a stakeholder to this client", self.action_new_contact
        )
        yield SystemCommand(
            "Show contacts", "Switch to the contacts tab", lambda: self.action_show_tab("contacts")
        )
        yield SystemCommand(
            "Show overview", "Switch to the overview tab", lambda: self.action_show_tab("overview")
        )
        yield SystemCommand(
            "Archive or restore this client", "Toggle archived", self.action_archive
        )
        yield SystemCommand(
            "Edit selected contact",
            "Change the contact under the cursor",
            lambda: self._edit_contact(self.contacts_table.current_id),
        )
        yield SystemCommand("Remove selected contact", "Undo with u", self.action_delete_contact)
        yield SystemCommand(
            "Undo contact removal", "Bring back the contact just removed", self.action_undo
        )
        yield SystemCommand("Back to the roster", "Close this client", self.action_back)
