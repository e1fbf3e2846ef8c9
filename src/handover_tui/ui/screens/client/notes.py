"""The notes tab: knowledge-transfer notes, listed on the left and read on the right."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import DataTable, Markdown, Static, TabPane

from handover_tui.domain.vocab import NoteCategory
from handover_tui.ui import keymap
from handover_tui.ui.background import run_db
from handover_tui.ui.guard import ReadOnlyGuard
from handover_tui.ui.keys import opens_screen
from handover_tui.ui.widgets.record_table import Column, RecordTable, fit, fit_columns

if TYPE_CHECKING:
    from handover_tui.models import Note

COLUMNS: list[Column] = [
    ("pin", "", 1),
    ("title", "Note", None),
    ("category", "Category", 15),
]
NARROW: list[Column] = [*COLUMNS[:2], ("category", "Category", 9)]
"""At 80 cells the titles keep room and categories end with an ellipsis."""
FILTERS: list[NoteCategory | None] = [None, *NoteCategory]


PREVIEW = 16_000
"""Characters of a note's text drawn on the right. Textual's Markdown widget makes a widget
of every block and lays each out: about 0.3 s for 16,000 characters, but 28 s and 120 MB
more for a note of a million. The rest is read in the editor (``e``, ``E``) or copied."""


def preview(body: str, limit: int = PREVIEW) -> tuple[str, int]:
    """The first ``limit`` characters of ``body`` or fewer, cut at a paragraph, line or
    word where there is one in the last half; and how many characters are left out."""
    if len(body) <= limit:
        return body, 0
    half = limit // 2
    for separator in ("\n\n", "\n", " "):
        cut = body.rfind(separator, half, limit)
        if cut != -1:
            break
    else:
        cut = limit
    shown = body[:cut].rstrip()
    if shown.count("```") % 2:  # cut inside a fenced block: close it before the notice
        shown += "\n```"
    return shown, len(body) - len(shown)


def note_markdown(note: Note, keys: tuple[str, str, str] = ("e", "E", "y")) -> str:
    """The note as the reader sees it: title, who and when, then the body (its first
    :data:`PREVIEW` characters, then a line saying where the rest is; ``keys`` are the
    keys to edit here, edit in $EDITOR and copy, for that line)."""
    when = note.updated_at.astimezone().strftime("%Y-%m-%d %H:%M")
    byline = f"*{NoteCategory(note.category).label}* · {note.author or 'unknown'} · {when}"
    pinned = " (pinned)" if note.pinned else ""
    body, left = preview(note.body)
    if left:
        edit, editor, copy = keys
        body += (
            f"\n\n---\n\n*The note goes on for {left:,} more characters"
            f" ({len(note.body):,} in all): press {edit} to read and edit it here, {editor}"
            f" to open it in your editor, {copy} to copy it.*"
        )
    return f"# {note.title}{pinned}\n\n{byline}\n\n{body}"


class NotesPane(ReadOnlyGuard, TabPane):
    """``n`` new, ``e`` edit here, ``E`` edit in $EDITOR, ``p`` pin, ``d`` delete, ``f`` filter."""

    BINDINGS = [
        Binding("n", "new_note", "New note", id="notes.new", tooltip="Write a note", priority=True),
        Binding(
            "e",
            "edit_note",
            "Edit",
            id="notes.edit",
            tooltip="Edit the selected note",
            priority=True,
        ),
        Binding(
            "E",
            "edit_external",
            "Edit in $EDITOR",
            id="notes.editor",
            tooltip="Edit the note's text in your own editor",
        ),
        Binding("p", "pin", "Pin", id="notes.pin", tooltip="Pin or unpin the selected note"),
        Binding(
            "d",
            "delete_note",
            "Delete",
            id="notes.delete",
            tooltip="Delete the selected note (undo with u)",
        ),
        Binding(
            "u",
            "undo",
            "Undo",
            id="notes.undo",
            show=False,
            tooltip="Bring back the note just deleted",
        ),
        Binding(
            "f",
            "next_filter",
            "Filter",
            id="notes.filter",
            tooltip="Show one category at a time (cycles; back to all at the end)",
        ),
        Binding(
            "y",
            "copy",
            "Copy",
            id="notes.copy",
            show=False,
            tooltip="Copy the selected note's text to the clipboard",
        ),
    ]

    def __init__(self, client_id: int) -> None:
        super().__init__("Notes", id="notes")
        self.client_id = client_id
        self.notes: dict[int, Note] = {}
        self.category: NoteCategory | None = None
        self._deleted: Note | None = None

    def compose(self) -> ComposeResult:
        with Horizontal():
            with Vertical(id="notes-left"):
                yield Static("", id="notes-coverage")
                yield Static("", id="notes-filter")
                yield RecordTable(id="notes-table")
            with VerticalScroll(id="note-view-box", can_focus=False):
                yield Markdown("", id="note-view")

    def on_mount(self) -> None:
        self.table.use_columns(self.columns)

    @property
    def table(self) -> RecordTable:
        return self.query_one("#notes-table", RecordTable)

    @property
    def columns(self) -> list[tuple[str, str, int]]:
        width = self.screen.size.width
        wanted = COLUMNS if width >= 100 else NARROW
        # The category gives up cells (down to NARROW's) while a title has fewer than 30.
        return fit_columns(int(width * 0.45), wanted, minimum=12, squeeze={"category": 9}, want=30)

    def on_resize(self) -> None:
        keep = self.table.current_id
        if self.table.use_columns(self.columns):
            self.show(list(self.notes.values()), None, keep)

    # -- showing -----------------------------------------------------------------------------

    def load(self, select: int | None = None) -> None:
        from handover_tui.services import notes

        client_id, category = self.client_id, self.category
        run_db(
            self,
            lambda db: (
                notes.list_notes(db, client_id, category.value if category else None),
                notes.missing_categories(db, client_id),
            ),
            lambda result: self.show(*result, select=select),
            group="notes",
            exclusive=True,
        )

    def show(
        self, rows: list[Note], missing: list[NoteCategory] | None, select: int | None = None
    ) -> None:
        table = self.table
        keep = select if select is not None else table.current_id
        table.clear()
        self.notes = {note.id or 0: note for note in rows}
        widths = {key: width for key, _title, width in self.columns}
        for note in rows:
            table.add_row(
                Text("*" if note.pinned else "", style="bold"),
                fit(note.title, widths["title"]),
                fit(NoteCategory(note.category).label, widths["category"]),
                key=str(note.id),
            )
        if keep is not None:
            table.move_to(keep)
        if missing is not None:
            coverage = self.query_one("#notes-coverage", Static)
            if missing:
                names = ", ".join(category.label.lower() for category in missing)
                coverage.update(Text(f"No notes yet on: {names}.", style="bold"))
            else:
                coverage.update("Every category has at least one note.")
        label = self.category.label if self.category else "all categories"
        new = keymap.key(self.app, "notes.new", "n")
        empty = f" — none yet, press {new} to write one" if not rows else ""
        cycle = keymap.key(self.app, "notes.filter", "f")
        self.query_one("#notes-filter", Static).update(f"Showing {label} ({cycle}){empty}")
        self._show_note()

    @on(DataTable.RowHighlighted, "#notes-table")
    def _show_note(self) -> None:
        note = self.notes.get(self.table.current_id or -1)
        keys = (
            keymap.key(self.app, "notes.edit", "e"),
            keymap.key(self.app, "notes.editor", "E"),
            keymap.key(self.app, "notes.copy", "y"),
        )
        self.query_one("#note-view", Markdown).update(note_markdown(note, keys) if note else "")

    # -- actions -----------------------------------------------------------------------------

    def _current(self) -> Note | None:
        note = self.notes.get(self.table.current_id or -1)
        if note is None:
            self.notify("No note selected.", severity="warning")
        return note

    def action_copy(self) -> None:
        from handover_tui.ui.clipboard import copy_text

        note = self._current()
        if note is not None:
            copy_text(self, note.body or note.title, f"the text of “{note.title}”")

    def action_next_filter(self) -> None:
        self.category = FILTERS[(FILTERS.index(self.category) + 1) % len(FILTERS)]
        self.load()

    @opens_screen
    def action_new_note(self) -> Any:
        from handover_tui.ui.screens.forms import note_form

        category = self.category.value if self.category else NoteCategory.GENERAL.value
        return self.app.push_screen(note_form(self.client_id, None, category), self._saved)

    @opens_screen
    def action_edit_note(self) -> Any:
        from handover_tui.ui.screens.forms import note_form

        note = self._current()
        if note is not None:
            return self.app.push_screen(note_form(self.client_id, note, note.category), self._saved)

    @on(DataTable.RowSelected, "#notes-table")
    def _chosen(self) -> None:
        self.action_edit_note()

    def _saved(self, note: Note | None) -> None:
        if note is not None:
            self.notify(f"Saved “{note.title}”.")
            self.load(select=note.id)

    def action_edit_external(self) -> None:
        from handover_tui.services import notes
        from handover_tui.ui.editor import edit_text

        note = self._current()
        if note is None:
            return
        if self.app.is_headless:  # no terminal to hand over (tests)
            edited = edit_text(note.body)
        else:
            from textual.app import SuspendNotSupported

            try:
                with self.app.suspend():
                    edited = edit_text(note.body)
            except SuspendNotSupported:  # a browser tab (handover serve) has no terminal
                edit = keymap.key(self.app, "notes.edit", "e")
                self.notify(
                    f"An external editor needs a terminal; in a browser tab, press {edit} to "
                    "edit here.",
                    severity="warning",
                )
                return
        if edited.text is None:
            self.notify(edited.message, severity="warning")
            return
        body = edited.text
        run_db(
            self,
            lambda db: notes.update_note(
                db, note.id or 0, {"body": body}, expected_version=note.version
            ),
            self._saved,
            group="notes-write",
        )

    def action_pin(self) -> None:
        from handover_tui.services import notes

        note = self._current()
        if note is None:
            return
        run_db(
            self,
            lambda db: notes.set_pinned(db, note.id or 0, not note.pinned),
            lambda stored: self.load(select=stored.id),
            group="notes-write",
        )

    def action_delete_note(self) -> None:
        from handover_tui.services import notes

        note = self._current()
        if note is None:
            return

        def deleted(stored: Note) -> None:
            self._deleted = stored
            undo_key = keymap.key(self.app, "notes.undo", "u")
            self.notify(f"Deleted “{stored.title}”. Press {undo_key} to undo.")
            self.load()

        run_db(self, lambda db: notes.delete_note(db, note.id or 0), deleted, group="notes-write")

    def action_undo(self) -> None:
        from handover_tui.services import notes

        note = self._deleted
        if note is None:
            self.notify("Nothing to undo.", severity="warning")
            return
        self._deleted = None
        run_db(
            self,
            lambda db: notes.restore_note(db, note.id or 0),
            lambda stored: self._saved(stored),
            group="notes-write",
        )

    def palette_commands(self) -> Iterable[SystemCommand]:
        yield SystemCommand("Write a note", "A knowledge-transfer note", self.action_new_note)
        yield SystemCommand("Edit note", "Edit the selected note here", self.action_edit_note)
        yield SystemCommand("Edit note in $EDITOR", "Your own editor", self.action_edit_external)
        yield SystemCommand("Pin or unpin note", "Pinned notes come first", self.action_pin)
        yield SystemCommand("Delete note", "Undo with u", self.action_delete_note)
        yield SystemCommand(
            "Filter notes by category", "Cycle through the categories", self.action_next_filter
        )


__all__ = ["NotesPane"]
