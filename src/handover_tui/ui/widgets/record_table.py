"""A row-cursor table for lists of records, with vim-style movement keys."""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import DataTable


class RecordTable(DataTable):
    """One record per row, keyed by its id; ``j``/``k``/``g``/``G`` move like in vim."""

    DEFAULT_CSS = """
    RecordTable {
        height: 1fr;
    }
    """

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False, id="list.down"),
        Binding("k", "cursor_up", "Up", show=False, id="list.up"),
        Binding("g", "scroll_top", "First", show=False, id="list.first"),
        Binding("G", "scroll_bottom", "Last", show=False, id="list.last"),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)

    @property
    def current_id(self) -> int | None:
        """The id of the record under the cursor, or None when the table is empty."""
        if self.row_count == 0:
            return None
        row_key, _ = self.coordinate_to_cell_key(self.cursor_coordinate)
        return int(row_key.value) if row_key.value is not None else None

    def move_to(self, record_id: int) -> None:
        """Put the cursor on a record if it is shown."""
        key = str(record_id)
        if key in self.rows:
            self.move_cursor(row=self.get_row_index(key))
