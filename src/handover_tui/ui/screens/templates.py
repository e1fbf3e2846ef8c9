"""Checklist templates: see them, copy the built-in one, and edit your own item by item."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from textual import on
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static

from handover_tui.domain.plan import TemplateItem
from handover_tui.domain.vocab import SIDE_LABELS, Phase, Side
from handover_tui.ui import keymap
from handover_tui.ui.background import run_db
from handover_tui.ui.guard import ReadOnlyGuard
from handover_tui.ui.keys import opens_screen
from handover_tui.ui.screens.form import FormField, FormScreen
from handover_tui.ui.widgets.footer import Footer
from handover_tui.ui.widgets.record_table import Column, RecordTable, fit, fit_columns

if TYPE_CHECKING:
    from handover_tui.services.store import Database
    from handover_tui.services.templates import TemplateChoice

BUILTIN_KEY = 0

TEMPLATE_COLUMNS: list[Column] = [("name", "Name", None), ("items", "Items", 5)]
ITEM_COLUMNS: list[Column] = [
    ("phase", "Phase", 11),
    ("title", "Item", None),
    ("side", "Side", 14),
    ("offset", "Day", 5),
]
ITEM_COLUMNS_NARROW = [column for column in ITEM_COLUMNS if column[0] != "side"]
"""At 80 cells the item's title keeps the room; the side is in the item's form."""


LIST_MAX = 48
"""Cells the template list takes at most: a wide window's room goes to the items."""


def list_width(screen_width: int) -> int:
    """The template list: 40% of the screen, at most ``LIST_MAX`` cells."""
    return min(int(screen_width * 0.4), LIST_MAX)


def item_layout(screen_width: int) -> list[tuple[str, str, int]]:
    """The items pane has what the template list leaves; the item's title takes the rest."""
    pane = screen_width - list_width(screen_width)
    return fit_columns(pane, ITEM_COLUMNS if pane >= 60 else ITEM_COLUMNS_NARROW)


class TemplatesScreen(ReadOnlyGuard, Screen):
    """Templates on the left, the selected one's items on the right."""

    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="templates.back", tooltip="Back"),
        Binding(
            "y",
            "copy_template",
            "Copy",
            id="templates.copy",
            tooltip="Make an editable copy of the selected template",
            priority=True,
        ),
        Binding(
            "r",
            "rename",
            "Rename",
            id="templates.rename",
            tooltip="Rename the selected template",
            priority=True,
        ),
        Binding(
            "X",
            "delete_template",
            "Delete template",
            id="templates.delete",
            tooltip="Delete the selected template (transitions keep their items)",
        ),
        Binding(
            "n",
            "new_item",
            "New item",
            id="templates.new_item",
            tooltip="Add an item",
            priority=True,
        ),
        Binding(
            "e",
            "edit_item",
            "Edit item",
            id="templates.edit_item",
            tooltip="Edit the selected item",
            priority=True,
        ),
        Binding(
            "d",
            "delete_item",
            "Delete item",
            id="templates.delete_item",
            tooltip="Remove the selected item",
        ),
        Binding(
            "K,shift+up",
            "move(-1)",
            "Up",
            id="templates.up",
            show=False,
            tooltip="Move the item up",
        ),
        Binding(
            "J,shift+down",
            "move(1)",
            "Down",
            id="templates.down",
            show=False,
            tooltip="Move the item down",
        ),
        Binding("q", "app.quit", "Quit", id="templates.quit", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.choices: dict[int, TemplateChoice] = {}
        self.template_name = ""
        self.items: list[TemplateItem] = []

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal():
            with Vertical(id="template-list"):
                yield Static("Templates", classes="section-title")
                yield RecordTable(id="templates")
            with Vertical(id="template-items-box"):
                yield Static("", id="template-note")
                yield RecordTable(id="template-items")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Templates"
        self.query_one("#template-list").styles.width = list_width(self.size.width)
        self.query_one("#templates", RecordTable).use_columns(self.template_columns)
        self.query_one("#template-items", RecordTable).use_columns(item_layout(self.size.width))
        self.query_one("#templates", RecordTable).focus()
        self.load()

    @property
    def template_columns(self) -> list[tuple[str, str, int]]:
        return fit_columns(list_width(self.size.width), TEMPLATE_COLUMNS, minimum=12)

    def on_resize(self) -> None:
        self.query_one("#template-list").styles.width = list_width(self.size.width)
        if self.query_one("#templates", RecordTable).use_columns(self.template_columns):
            self._show(list(self.choices.values()), None)
        if self.query_one("#template-items", RecordTable).use_columns(item_layout(self.size.width)):
            self._show_items(self.template_name, self.items)

    @property
    def template_id(self) -> int | None:
        """The selected template (0 is the built-in one), or None when nothing is shown."""
        return self.query_one("#templates", RecordTable).current_id

    def load(self, select: int | None = None) -> None:
        from handover_tui.services import templates

        run_db(
            self,
            templates.list_templates,
            lambda rows: self._show(rows, select),
            group="templates",
            exclusive=True,
        )

    def _show(self, rows: list[TemplateChoice], select: int | None) -> None:
        table = self.query_one("#templates", RecordTable)
        keep = select if select is not None else table.current_id
        table.clear()
        self.choices = {row.id or BUILTIN_KEY: row for row in rows}
        width = dict((key, width) for key, _title, width in self.template_columns)["name"]
        for key, row in self.choices.items():
            table.add_row(fit(row.name, width), str(row.items), key=str(key))
        if keep is not None:
            table.move_to(keep)
        self._load_items()

    @on(DataTable.RowHighlighted, "#templates")
    def _load_items(self) -> None:
        from handover_tui.services import templates

        key = self.template_id
        if key is None:
            return
        run_db(
            self,
            lambda db: templates.read_template(db, key or None),
            lambda result: self._show_items(*result),
            group="template-items",
            exclusive=True,
        )

    def _show_items(self, name: str, items: list[TemplateItem], select: int | None = None) -> None:
        self.template_name, self.items = name, items
        table = self.query_one("#template-items", RecordTable)
        keep = select if select is not None else table.cursor_row
        table.clear()
        columns = item_layout(self.size.width)
        widths = {key: width for key, _title, width in columns}
        for index, item in enumerate(items):
            cells = {
                "phase": item.phase.value.capitalize(),
                "title": fit(item.title, widths["title"]),
                "side": SIDE_LABELS.get(item.side.value, item.side.value),
                "offset": f"+{item.offset}",
            }
            table.add_row(*(cells[key] for key, _title, _width in columns), key=str(index))
        if table.row_count:
            table.move_cursor(row=min(keep, table.row_count - 1))
        builtin = self.template_id == BUILTIN_KEY
        new, edit, delete, up, down = (
            keymap.key(self.app, f"templates.{binding}", default)
            for binding, default in (
                ("new_item", "n"),
                ("edit_item", "e"),
                ("delete_item", "d"),
                ("up", "K"),
                ("down", "J"),
            )
        )
        copy = keymap.key(self.app, "templates.copy", "y")
        self.query_one("#template-note", Static).update(
            f"The built-in template cannot be changed: press {copy} to make an editable copy."
            if builtin
            else f"{name}: {new} adds an item, {edit} edits, {delete} removes, {up}/{down} reorder."
        )

    @on(DataTable.RowSelected, "#templates")
    def _enter_items(self) -> None:
        self.query_one("#template-items", RecordTable).focus()

    @on(DataTable.RowSelected, "#template-items")
    def _item_chosen(self) -> None:
        self.action_edit_item()

    # -- templates -----------------------------------------------------------------------

    @opens_screen
    def action_copy_template(self) -> Any:
        from handover_tui.services import templates

        items = list(self.items)
        form = FormScreen(
            "Copy template",
            [FormField("name", "New name", required=True)],
            {"name": f"Copy of {self.template_name}"},
            lambda db, v: templates.create_template(db, v["name"], items),
        )

        def copied(template: Any) -> None:
            if template:
                self.load(select=template.id)

        return self.app.push_screen(form, copied)

    def _editable(self) -> int | None:
        key = self.template_id
        if not key:
            copy = keymap.key(self.app, "templates.copy", "y")
            self.notify(
                f"The built-in template cannot be changed: press {copy} to copy it.",
                severity="warning",
            )
            return None
        return key

    def _save(
        self, items: list[TemplateItem], name: str | None = None, select: int | None = None
    ) -> None:
        from handover_tui.services import templates

        key = self._editable()
        if key is None:
            return
        new_name = name or self.template_name

        def saved(_none: None) -> None:
            self._show_items(new_name, items, select)
            self.load(select=key)

        run_db(
            self,
            lambda db: templates.replace_items(db, key, new_name, items),
            saved,
            group="template-write",
        )

    @opens_screen
    def action_rename(self) -> Any:
        from handover_tui.services import templates

        key = self._editable()
        if key is None:
            return
        items = list(self.items)

        def renamed(db: Database, values: dict[str, Any]) -> dict[str, Any]:
            templates.replace_items(db, key, values["name"], items)
            return values

        form = FormScreen(
            "Rename template",
            [FormField("name", "Name", required=True)],
            {"name": self.template_name},
            renamed,
        )

        def closed(values: Any) -> None:
            if values:
                self.load(select=key)

        return self.app.push_screen(form, closed)

    def action_delete_template(self) -> None:
        from handover_tui.services import templates

        key = self._editable()
        if key is None:
            return
        name = self.template_name

        def deleted(_none: None) -> None:
            self.notify(f"Deleted the template “{name}”.")
            self.load(select=BUILTIN_KEY)

        run_db(
            self,
            lambda db: templates.delete_template(db, key),
            deleted,
            group="template-write",
        )

    # -- items ---------------------------------------------------------------------------

    def _item_index(self) -> int | None:
        table = self.query_one("#template-items", RecordTable)
        return table.cursor_row if table.row_count else None

    def _item_form(self, title: str, values: dict[str, Any], index: int | None) -> Any:
        from handover_tui.services import templates

        if self._editable() is None:
            return
        fields = [
            FormField("title", "Item", required=True),
            FormField(
                "phase", "Phase", "select", [(p.label, p.value) for p in Phase], required=True
            ),
            FormField(
                "side",
                "Responsible side",
                "select",
                [(s.label, s.value) for s in Side if s is not Side.STAKEHOLDER],
                required=True,
            ),
            FormField("offset", "Days into phase", placeholder="0"),
        ]
        current = list(self.items)

        def checked(_db: Any, values: dict[str, Any]) -> tuple[list[TemplateItem], int]:
            item = templates.template_item(values)
            items = list(current)
            if index is None:
                items.append(item)
                return items, len(items) - 1
            items[index] = item
            return items, index

        def chosen(result: tuple[list[TemplateItem], int] | None) -> None:
            if result:
                self._save(result[0], select=result[1])

        return self.app.push_screen(FormScreen(title, fields, values, checked), chosen)

    @opens_screen
    def action_new_item(self) -> Any:
        return self._item_form(
            "New template item",
            {"phase": Phase.PREPARATION.value, "side": Side.OUTGOING.value, "offset": "0"},
            None,
        )

    @opens_screen
    def action_edit_item(self) -> Any:
        index = self._item_index()
        if index is None:
            self.notify("No item selected.", severity="warning")
            return
        item = self.items[index]
        return self._item_form(
            "Edit template item",
            {
                "title": item.title,
                "phase": item.phase.value,
                "side": item.side.value,
                "offset": str(item.offset),
            },
            index,
        )

    def action_delete_item(self) -> None:
        index = self._item_index()
        if index is None or self._editable() is None:
            return
        items = [item for n, item in enumerate(self.items) if n != index]
        self._save(items, select=max(index - 1, 0))

    def action_move(self, step: int) -> None:
        index = self._item_index()
        if index is None or self._editable() is None:
            return
        target = index + step
        if not 0 <= target < len(self.items):
            return
        items = list(self.items)
        items[index], items[target] = items[target], items[index]
        self._save(items, select=target)

    def palette_commands(self) -> Iterable[SystemCommand]:
        yield SystemCommand("Copy template", "Make an editable copy", self.action_copy_template)
        yield SystemCommand("Rename template", "Give it another name", self.action_rename)
        yield SystemCommand(
            "Delete template", "Remove the selected template", self.action_delete_template
        )
        yield SystemCommand("Add template item", "A new item", self.action_new_item)
