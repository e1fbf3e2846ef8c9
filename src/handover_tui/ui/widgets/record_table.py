"""A row-cursor table for lists of records, with vim-style movement keys."""

from __future__ import annotations

from collections.abc import Mapping

from rich.text import Text
from textual.binding import Binding
from textual.widgets import DataTable

Column = tuple[str, str, int | None]
"""(key, title, fixed width or None for "whatever room is left")."""


def fit_columns(
    total: int,
    columns: list[Column],
    minimum: int = 14,
    *,
    gap: int = 2,
    squeeze: Mapping[str, int] | None = None,
    want: int = 0,
) -> list[tuple[str, str, int]]:
    """Give the flexible column what the fixed ones leave of ``total`` cells.

    Each column takes ``gap`` cells beside its text (a DataTable's padding is two), and
    the vertical scrollbar takes two. While the flexible column has fewer than ``want``
    cells, the columns named in ``squeeze`` give it theirs, in that order, down to the
    width named there (a column not in ``columns`` is passed over).
    """
    widths = {key: width for key, _title, width in columns}
    rest = total - sum(width or 0 for width in widths.values()) - gap * len(columns) - 2
    for key, floor in (squeeze or {}).items():
        if key not in widths:
            continue
        give = max(0, min((widths[key] or 0) - floor, want - rest))
        widths[key] = (widths[key] or 0) - give
        rest += give
    rest = max(minimum, rest)
    return [(key, title, widths[key] or rest) for key, title, _width in columns]


def fit(text: str, width: int) -> Text:
    """``text`` cut to ``width`` cells with an ellipsis (DataTable would just crop it)."""
    cell = Text(text)
    cell.truncate(width, overflow="ellipsis")
    return cell


class RecordTable(DataTable):
    """One record per row, keyed by its id; ``j``/``k``/``g``/``G`` move like in vim."""

    DEFAULT_CSS = """
    RecordTable {
        height: 1fr;
        width: 1fr;
    }
    """

    # Priority (in force only while the table has the focus): a move runs before a key
    # typed right behind it opens or edits the row, as the keys were typed (ui/keys.py).
    BINDINGS = [
        Binding("down,j", "cursor_down", "Down", show=False, id="list.down", priority=True),
        Binding("up,k", "cursor_up", "Up", show=False, id="list.up", priority=True),
        Binding("home,g", "scroll_top", "First", show=False, id="list.first", priority=True),
        Binding("end,G", "scroll_bottom", "Last", show=False, id="list.last", priority=True),
        Binding("pageup", "page_up", "Page up", show=False, priority=True),
        Binding("pagedown", "page_down", "Page down", show=False, priority=True),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)

    def on_resize(self) -> None:
        # While the layout settles the table can be briefly too short for the cursor
        # and scrolls; near the top, show the top again (headings stay in sight).
        if self.cursor_row <= 1 and self.scroll_y:
            self.scroll_home(animate=False)

    def use_columns(self, columns: list[tuple[str, str, int]]) -> bool:
        """Show these (key, title, width) columns; True if they changed, in which case
        the rows are gone and the caller draws them again."""
        shown = [
            (key.value, str(column.label), column.width) for key, column in self.columns.items()
        ]
        if shown == columns:
            return False
        self.clear(columns=True)
        for key, title, width in columns:
            self.add_column(title, key=key, width=width)
        return True

    @property
    def current_id(self) -> int | None:
        """The id of the record under the cursor, or None when the table is empty."""
        if self.row_count == 0:
            return None
        row_key, _ = self.coordinate_to_cell_key(self.cursor_coordinate)
        value = row_key.value or ""
        return int(value) if value.isdigit() else None  # other keys are group headings

    def move_to(self, record_id: int) -> None:
        """Put the cursor on a record if it is shown."""
        key = str(record_id)
        if key in self.rows:
            self.move_cursor(row=self.get_row_index(key))
