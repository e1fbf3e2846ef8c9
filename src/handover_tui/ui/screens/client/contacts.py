"""The contacts tab: the client's stakeholders, with the selected one's details below."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.widgets import DataTable, Static, TabPane

from handover_tui.domain.formatting import vocab_label
from handover_tui.ui import keymap
from handover_tui.ui.background import run_db
from handover_tui.ui.guard import ReadOnlyGuard
from handover_tui.ui.keys import opens_screen
from handover_tui.ui.widgets.record_table import Column, RecordTable, fit, fit_columns

if TYPE_CHECKING:
    from datetime import date

    from handover_tui.models import Contact
    from handover_tui.services.contacts import StakeholderMap

WIDE: list[Column] = [
    ("name", "Name", None),
    ("title", "Title", 16),
    ("role", "Role", 14),
    ("seniority", "Seniority", 9),
    ("sentiment", "Sentiment", 9),
    ("holder", "Held by", 16),
    ("last", "Last met", 10),
    ("email", "E-mail", 26),
    ("phone", "Phone", 17),
]
MIDDLE: list[Column] = [
    ("name", "Name", None),
    ("role", "Role", 14),
    ("sentiment", "Sentiment", 9),
    ("holder", "Held by", 14),
    ("last", "Last met", 10),
    ("phone", "Phone", 17),
]
NARROW: list[Column] = [
    ("name", "Name", None),
    ("role", "Role", 14),
    ("holder", "Held by", 14),
    ("last", "Last met", 10),
]
"""The stakeholder map: every column from 160 cells, the phone from 100; the rest of a
contact is in the detail under the list."""


UNVERIFIED = " (unverified)"
"""After a phone number an import kept as typed, in a format the app could not verify."""


def phone_text(phone: str, unverified: bool) -> str:
    """A phone number as shown in full, marked when it is unverified."""
    return phone + UNVERIFIED if phone and unverified else phone


def phone_cell(phone: str, unverified: bool, width: int) -> Text:
    """A phone number in ``width`` cells; the mark of an unverified one always shows
    (shortened to `` (?)`` if the whole mark leaves too little of the number)."""
    if not (phone and unverified):
        return fit(phone, width)
    mark = UNVERIFIED if len(phone) + len(UNVERIFIED) <= width else " (?)"
    cell = fit(phone, max(width - len(mark), 1))
    cell.append(mark, style="italic")
    return cell


def contact_layout(total: int) -> list[tuple[str, str, int]]:
    shape = WIDE if total >= 160 else MIDDLE if total >= 100 else NARROW
    return fit_columns(total, shape)


def contact_cells(
    contact: Contact, columns: list[tuple[str, str, int]], holder: str, last: date | None
) -> list[Any]:
    widths = {key: width for key, _title, width in columns}
    cells = {
        "name": lambda: fit(contact.name + (" ★" if contact.is_primary else ""), widths["name"]),
        "title": lambda: fit(contact.title, widths["title"]),
        "role": lambda: unknown_or(vocab_label(contact.decision_role), widths["role"]),
        "seniority": lambda: unknown_or(vocab_label(contact.seniority), widths["seniority"]),
        "sentiment": lambda: unknown_or(vocab_label(contact.sentiment), widths["sentiment"]),
        "holder": lambda: unknown_or(holder, widths["holder"]),
        "last": lambda: last.isoformat() if last else Text("—", style="dim"),
        "email": lambda: fit(contact.email, widths["email"]),
        "phone": lambda: phone_cell(contact.phone, contact.phone_unverified, widths["phone"]),
    }
    return [cells[key]() for key, _title, _width in columns]


def unknown_or(text: str, width: int) -> Text:
    """``text`` in ``width`` cells, or a dim dash where the map has nothing yet."""
    return fit(text, width) if text else Text("—", style="dim")


def contact_renderable(contact: Contact, holder: str = "", last: date | None = None) -> Group:
    """Everything about one contact, under the list."""
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column()
    primary = "yes ★" if contact.is_primary else "no"
    for label, value in [
        ("Name", contact.name),
        ("Title / role", contact.title),
        ("E-mail", contact.email),
        ("Phone", phone_text(contact.phone, contact.phone_unverified)),
        ("Prefers", vocab_label(contact.preferred_channel)),
        ("Time zone", contact.time_zone),
        ("Primary", primary),
        ("Decision role", vocab_label(contact.decision_role)),
        ("Seniority", vocab_label(contact.seniority)),
        ("Sentiment", vocab_label(contact.sentiment)),
        ("Held by (us)", holder),
        ("Last met", last.isoformat() if last else ""),
    ]:
        grid.add_row(label, value or Text("—", style="dim"))
    parts: list[Any] = [grid]
    if contact.notes.strip():
        parts += [Text(""), Text(contact.notes.strip())]
    return Group(*parts)


class ContactsPane(ReadOnlyGuard, TabPane):
    """Add, edit and remove stakeholders; ``n``, ``e``/``enter``, ``d`` and ``u``."""

    BINDINGS = [
        Binding(
            "n",
            "new_contact",
            "New contact",
            id="contacts.new",
            tooltip="Add a stakeholder",
            priority=True,
        ),
        Binding(
            "e",
            "edit_contact",
            "Edit",
            id="contacts.edit",
            tooltip="Edit the selected contact",
            priority=True,
        ),
        Binding(
            "d",
            "delete_contact",
            "Remove",
            id="contacts.delete",
            tooltip="Remove the selected contact (undo with u)",
        ),
        Binding(
            "u", "undo", "Undo", id="contacts.undo", tooltip="Bring back the contact just removed"
        ),
        Binding(
            "y",
            "copy",
            "Copy",
            id="contacts.copy",
            tooltip="Copy the contact's e-mail address (or phone) to the clipboard",
        ),
    ]

    def __init__(self, client_id: int) -> None:
        super().__init__("Contacts", id="contacts")
        self.client_id = client_id
        self.contacts: dict[int, Contact] = {}
        self.stakeholders: StakeholderMap | None = None
        self._removed: Contact | None = None

    def compose(self) -> ComposeResult:
        yield Static("", id="contacts-empty")
        yield RecordTable(id="contacts-table")
        yield Static("", id="contact-detail")

    def on_mount(self) -> None:
        self.table.use_columns(self.columns)

    @property
    def table(self) -> RecordTable:
        return self.query_one("#contacts-table", RecordTable)

    @property
    def columns(self) -> list[tuple[str, str, int]]:
        return contact_layout(self.screen.size.width)

    def on_resize(self) -> None:
        keep = self.table.current_id
        if self.table.use_columns(self.columns) and self.stakeholders is not None:
            self.show(self.stakeholders, keep)

    def load(self, select: int | None = None) -> None:
        from handover_tui.services import contacts

        client_id = self.client_id
        run_db(
            self,
            lambda db: contacts.stakeholder_map(db, client_id),
            lambda found: self.show(found, select),
            group="contacts",
            exclusive=True,
        )

    def show(self, found: StakeholderMap, select: int | None = None) -> None:
        """Contacts are few: redraw them all, keeping the cursor where it was."""
        table = self.table
        keep = select if select is not None else table.current_id
        table.clear()
        rows = found.contacts
        self.stakeholders = found
        self.contacts = {contact.id or 0: contact for contact in rows}
        for contact in rows:
            cells = contact_cells(
                contact,
                self.columns,
                found.holders.get(contact.id or 0, ""),
                found.last_contact.get(contact.id or 0),
            )
            table.add_row(*cells, key=str(contact.id))
        if keep is not None:
            table.move_to(keep)
        empty = self.query_one("#contacts-empty", Static)
        new = keymap.key(self.app, "contacts.new", "n")
        empty.update(
            "" if rows else f"No contacts yet. Press {new} to add the client's stakeholders."
        )
        empty.display = not rows
        self._show_detail()

    @on(DataTable.RowHighlighted, "#contacts-table")
    def _show_detail(self) -> None:
        contact = self.contacts.get(self.table.current_id or -1)
        detail = self.query_one("#contact-detail", Static)
        found = self.stakeholders
        if contact is not None and found is not None:
            key = contact.id or 0
            detail.update(
                contact_renderable(contact, found.holders.get(key, ""), found.last_contact.get(key))
            )
        else:
            detail.update("")
        detail.display = contact is not None

    @on(DataTable.RowSelected, "#contacts-table")
    def _chosen(self) -> None:
        self.action_edit_contact()

    def action_copy(self) -> None:
        from handover_tui.ui.clipboard import copy_reach

        contact = self.contacts.get(self.table.current_id or -1)
        if contact is None:
            self.notify("No contact selected.", severity="warning")
            return
        copy_reach(self, contact.name, contact.email, contact.phone)

    @opens_screen
    def action_new_contact(self) -> Any:
        from handover_tui.ui.screens.forms import contact_form

        form = contact_form(self.client_id, None, self.app.settings.phone_region)
        return self.app.push_screen(form, self._saved)

    @opens_screen
    def action_edit_contact(self) -> Any:
        from handover_tui.ui.screens.forms import contact_form

        contact = self.contacts.get(self.table.current_id or -1)
        if contact is None:
            self.notify("No contact selected.", severity="warning")
            return
        form = contact_form(self.client_id, contact.id, self.app.settings.phone_region)
        return self.app.push_screen(form, self._saved)

    def _saved(self, contact: Contact | None) -> None:
        if contact is not None:
            self.notify(f"Saved contact {contact.name}.")
            self.load(select=contact.id)  # a primary flag may have moved elsewhere too

    def action_delete_contact(self) -> None:
        from handover_tui.services import contacts

        contact_id = self.table.current_id
        if contact_id is None:
            self.notify("No contact selected.", severity="warning")
            return

        def removed(contact: Contact) -> None:
            self._removed = contact
            undo_key = keymap.key(self.app, "contacts.undo", "u")
            self.notify(f"Removed {contact.name}. Press {undo_key} to undo.")
            self.load()

        run_db(
            self,
            lambda db: contacts.delete_contact(db, contact_id),
            removed,
            group="contacts-write",
        )

    def action_undo(self) -> None:
        from handover_tui.services import contacts

        contact = self._removed
        if contact is None:
            self.notify("Nothing to undo.", severity="warning")
            return
        self._removed = None

        def restored(contact: Contact) -> None:
            self.notify(f"Restored {contact.name}.")
            self.load(select=contact.id)

        run_db(
            self, lambda db: contacts.restore_contact(db, contact), restored, group="contacts-write"
        )

    def palette_commands(self) -> Iterable[SystemCommand]:
        yield SystemCommand(
            "Add a contact", "Add a stakeholder to this client", self.action_new_contact
        )
        yield SystemCommand(
            "Edit selected contact", "Change the contact under the cursor", self.action_edit_contact
        )
        yield SystemCommand("Remove selected contact", "Undo with u", self.action_delete_contact)
        yield SystemCommand(
            "Undo contact removal", "Bring back the contact just removed", self.action_undo
        )
