"""A table that draws only the rows on screen, for lists of any length.

Textual's DataTable keeps a row object and rendered cells for every record, which takes
seconds at ten thousand clients. This table keeps the caller's plain rows (tuples with an
``id``) in a list and turns a row into cells only when its line is painted, through the Line
API (``ScrollView.render_line``). Filtering and sorting happen outside: :meth:`show` takes
the rows to list, in order, and keeps the cursor on the same record.
"""

from __future__ import annotations

from collections.abc import Container, Mapping, Sequence
from contextlib import suppress
from operator import attrgetter, indexOf
from typing import Any, ClassVar

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from handover_tui.ui.widgets.record_table import fit
from handover_tui.ui.widgets.virtual_rows import Cells, RowsById

_row_id = attrgetter("id")

MARK = "✓"
"""Beside a marked row: a symbol, so that marks do not rest on colour alone."""


class VirtualTable(ScrollView, can_focus=True):
    """Rows under a heading line, a row cursor, zebra stripes and optional marks.

    Only the lines in view are ever rendered; a row is a plain tuple until then.
    """

    DEFAULT_CSS = """
    VirtualTable {
        height: 1fr;
        width: 1fr;
        background: $surface;
        color: $foreground;
        overflow-x: hidden;
        overflow-y: auto;

        &:focus {
            background-tint: $foreground 5%;
            & > .virtual-table--cursor {
                background: $block-cursor-background;
                color: $block-cursor-foreground;
                text-style: $block-cursor-text-style;
            }
            & > .virtual-table--heading {
                background-tint: $foreground 5%;
            }
        }
        &:dark > .virtual-table--even-row {
            background: $surface-darken-1 40%;
        }
        & > .virtual-table--heading {
            text-style: bold;
            background: $panel;
            color: $foreground;
        }
        &:ansi > .virtual-table--heading {
            background: ansi_bright_blue;
            color: ansi_default;
        }
        & > .virtual-table--even-row {
            background: $surface-lighten-1 50%;
        }
        & > .virtual-table--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
        & > .virtual-table--mark {
            color: $text-accent;
            text-style: bold;
        }
    }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "virtual-table--heading",
        "virtual-table--even-row",
        "virtual-table--cursor",
        "virtual-table--mark",
    }

    # Priority (in force only while the list has the focus): a move runs before an
    # enter typed right behind it opens the row, as the keys were typed (see ui/keys.py).
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "cursor_up", "Up", show=False, id="list.up", priority=True),
        Binding("down,j", "cursor_down", "Down", show=False, id="list.down", priority=True),
        Binding("home,g", "first", "First", show=False, id="list.first", priority=True),
        Binding("end,G", "last", "Last", show=False, id="list.last", priority=True),
        Binding("pageup", "page_up", "Page up", show=False, id="list.page_up", priority=True),
        Binding(
            "pagedown", "page_down", "Page down", show=False, id="list.page_down", priority=True
        ),
        Binding("enter", "choose", "Open", show=False, id="list.open"),
    ]

    class Chosen(Message):
        """Enter (or a click on the cursor's row) on a row: the screen opens it."""

        def __init__(self, table: VirtualTable, row_id: int) -> None:
            super().__init__()
            self.table = table
            self.row_id = row_id

        @property
        def control(self) -> VirtualTable:
            return self.table

    class HeadingClicked(Message):
        """A column title was clicked: the screen sorts by it."""

        def __init__(self, table: VirtualTable, key: str) -> None:
            super().__init__()
            self.table = table
            self.key = key

        @property
        def control(self) -> VirtualTable:
            return self.table

    class MarksChanged(Message):
        """Rows were marked or unmarked; ``table.marked`` holds their ids."""

        def __init__(self, table: VirtualTable) -> None:
            super().__init__()
            self.table = table

        @property
        def control(self) -> VirtualTable:
            return self.table

    def __init__(self, cells: Cells, *, markable: bool = False, id: str | None = None) -> None:
        super().__init__(id=id)
        self._cells = cells
        self.markable = markable
        """Whether rows can be marked; the marks then take a gutter two cells wide."""
        self.columns: list[tuple[str, str, int]] = []
        """(key, title, width) of each column, widths in cells without padding."""
        self.sort_key: str | None = None
        """The column whose title carries the sort arrow."""
        self.descending = False
        self.marked: set[int] = set()
        """Ids of the marked rows, whether or not they are listed now."""
        self._rows: list[Any] = []
        self._index: dict[int, int] | None = None
        self._cursor = 0
        self._styles: dict[str, Style] = {}
        self._lines: LRUCache[tuple[Any, ...], Strip] = LRUCache(256)
        """Rows drawn lately, by content and state: moving the cursor redraws two."""
        self._metas: dict[str, Style] = {}
        self._gap = 2

    # -- what is listed --------------------------------------------------------------------

    @property
    def rows(self) -> Sequence[Any]:
        """The rows listed, in order."""
        return self._rows

    @property
    def by_id(self) -> Mapping[int, Any]:
        """The listed rows by id."""
        return RowsById(self)

    @property
    def row_count(self) -> int:
        return len(self._rows)

    @property
    def cursor(self) -> int:
        """The index of the row under the cursor (0 when nothing is listed)."""
        return self._cursor

    @property
    def current_row(self) -> Any | None:
        return self._rows[self._cursor] if self._rows else None

    @property
    def current_id(self) -> int | None:
        """The id of the row under the cursor, or None when nothing is listed."""
        return self._rows[self._cursor].id if self._rows else None

    @property
    def lead(self) -> int:
        """Cells before the first column: the mark and a space, or one cell of padding."""
        return 2 if self.markable else 1

    @property
    def visible_rows(self) -> int:
        """How many rows fit under the heading."""
        return max(0, self.scrollable_content_region.height - 1)

    def index_of(self, row_id: int) -> int | None:
        """Where the row with this id is listed, if it is."""
        if self._index is None:
            self._index = {row.id: index for index, row in enumerate(self._rows)}
        return self._index.get(row_id)

    def use_columns(
        self,
        columns: list[tuple[str, str, int]],
        sort_key: str | None = None,
        descending: bool = False,
    ) -> bool:
        """Show these (key, title, width) columns, with the sort arrow on ``sort_key``;
        True if anything changed. The rows stay: they are drawn again as they come in view."""
        if (columns, sort_key, descending) == (self.columns, self.sort_key, self.descending):
            return False
        self.columns = list(columns)
        self.sort_key, self.descending = sort_key, descending
        self._update_size()
        self.redraw()
        return True

    def show(self, rows: Sequence[Any], keep: int | None = None) -> None:
        """List ``rows`` in this order, with the cursor on the row with id ``keep`` (by
        default the one it is on now) or, if that one is not listed, on the first row."""
        keep = self.current_id if keep is None else keep
        self._rows = list(rows)
        self._index = None
        self._cursor = 0
        if keep is not None:
            # One scan (in C) is cheaper than building the index on each keystroke.
            with suppress(ValueError):
                self._cursor = indexOf(map(_row_id, self._rows), keep)
        self._update_size()
        self.refresh()
        self._keep_cursor_in_view()

    def update_row(self, row: Any) -> bool:
        """Replace the listed row with the same id, where it stands; False if it is not
        listed. Only its line is drawn again."""
        index = self.index_of(row.id)
        if index is None:
            return False
        self._rows[index] = row
        self.refresh_line(index + 1)
        return True

    def remove_row(self, row_id: int) -> bool:
        """Take a row off the list; the cursor stays at the same place (the next row)."""
        index = self.index_of(row_id)
        if index is None:
            return False
        del self._rows[index]
        self._index = None
        if self._cursor > index or self._cursor >= len(self._rows):
            self._cursor = max(0, self._cursor - 1)
        self._update_size()
        self.refresh()
        self._keep_cursor_in_view()
        return True

    def move_to(self, row_id: int) -> bool:
        """Put the cursor on a row if it is listed."""
        index = self.index_of(row_id)
        if index is None:
            return False
        self.move_cursor(index)
        return True

    def move_cursor(self, index: int) -> None:
        """Put the cursor on the row at ``index`` (kept within the list) and in view."""
        if not self._rows:
            self._cursor = 0
            return
        index = max(0, min(index, len(self._rows) - 1))
        if index != self._cursor:
            self.refresh_line(self._cursor + 1)
            self._cursor = index
            self.refresh_line(index + 1)
        self._keep_cursor_in_view()

    def get_cell(self, row_id: int | str, column: str) -> Text | str:
        """What a listed row shows in one column, before it is cut to width."""
        index = self.index_of(int(row_id))
        if index is None:
            raise KeyError(row_id)
        keys = [key for key, _title, _width in self.columns]
        return self._cells(self._rows[index], self.columns)[keys.index(column)]

    # -- marks -----------------------------------------------------------------------------

    def toggle_mark(self) -> None:
        """Mark the row under the cursor, or unmark it, and go to the next row."""
        row_id = self.current_id
        if not self.markable or row_id is None:
            return
        self.marked.symmetric_difference_update({row_id})
        self.refresh_line(self._cursor + 1)
        self.move_cursor(self._cursor + 1)
        self.post_message(self.MarksChanged(self))

    def mark_all(self) -> None:
        """Mark every listed row (those the filter lets through)."""
        if not self.markable:
            return
        self.marked.update(row.id for row in self._rows)
        self.refresh()
        self.post_message(self.MarksChanged(self))

    def clear_marks(self) -> None:
        if self.marked:
            self.marked.clear()
            self.refresh()
            self.post_message(self.MarksChanged(self))

    def retain_marks(self, ids: Container[int]) -> None:
        """Forget marks on rows that no longer exist (after a reload)."""
        gone = {row_id for row_id in self.marked if row_id not in ids}
        if gone:
            self.marked -= gone
            self.refresh()
            self.post_message(self.MarksChanged(self))

    # -- keys and the mouse ----------------------------------------------------------------

    def action_cursor_up(self) -> None:
        self.move_cursor(self._cursor - 1)

    def action_cursor_down(self) -> None:
        self.move_cursor(self._cursor + 1)

    def action_first(self) -> None:
        self.move_cursor(0)

    def action_last(self) -> None:
        self.move_cursor(len(self._rows) - 1)

    def action_page_up(self) -> None:
        page = max(1, self.visible_rows - 1)
        self.scroll_to(y=max(0, self.scroll_y - page), animate=False, force=True)
        self.move_cursor(self._cursor - page)

    def action_page_down(self) -> None:
        page = max(1, self.visible_rows - 1)
        self.scroll_to(y=self.scroll_y + page, animate=False, force=True)
        self.move_cursor(self._cursor + page)

    def action_choose(self) -> None:
        row_id = self.current_id
        if row_id is not None:
            self.post_message(self.Chosen(self, row_id))

    def on_click(self, event: events.Click) -> None:
        # The table's own click, in place of Widget's (select all text, @click actions).
        event.prevent_default()
        if "heading" in event.style.meta:
            self.post_message(self.HeadingClicked(self, event.style.meta["heading"]))
        elif (offset := event.get_content_offset(self)) is not None and offset.y >= 1:
            index = round(self.scroll_y) + offset.y - 1
            if index == self._cursor:
                self.action_choose()
            elif index < len(self._rows):
                self.move_cursor(index)
        event.stop()

    # -- drawing ---------------------------------------------------------------------------

    def _keep_cursor_in_view(self) -> None:
        height = self.visible_rows
        if not height:
            return  # not laid out yet: on_resize does it
        top = round(self.scroll_y)
        if self._cursor < top:
            target = self._cursor
        elif self._cursor >= top + height:
            target = self._cursor - height + 1
        else:
            target = min(top, self.max_scroll_y)
        if target != self.scroll_y:
            self.scroll_to(y=target, animate=False, force=True)

    def _update_size(self) -> None:
        width = self.lead + sum(width + 2 for _key, _title, width in self.columns) - 1
        self.virtual_size = Size(width, len(self._rows) + 1)

    def on_resize(self) -> None:
        self._keep_cursor_in_view()

    def redraw(self) -> None:
        """Draw the rows in view again: what the cells show changed outside the rows."""
        self._lines.clear()
        self.refresh()

    def render_lines(self, crop: Any) -> list[Strip]:
        # Styles once per paint, not once per line; focus and theme change them.
        component = self.get_component_styles
        styles = {
            "base": self.rich_style,
            "heading": component("virtual-table--heading").rich_style,
            "even": component("virtual-table--even-row").rich_style,
            "cursor": component("virtual-table--cursor").rich_style,
            "mark": component("virtual-table--mark").partial_rich_style,
        }
        if styles != self._styles:
            self._styles = styles
            self._lines.clear()
        self._gap = self.gap_for(self.scrollable_content_region.width)
        return super().render_lines(crop)

    def gap_for(self, width: int) -> int:
        """Cells between columns: two, or one where two would cut off the last column."""
        wide = self.lead + sum(cell_width + 2 for _key, _title, cell_width in self.columns) - 1
        return 2 if wide <= width else 1

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        styles = self._styles or {"base": self.rich_style}
        if y == 0:
            return self._heading(width, styles)
        index = round(self.scroll_y) + y - 1
        if not 0 <= index < len(self._rows):
            return Strip.blank(width, styles["base"])
        row = self._rows[index]
        even, current, marked = index % 2 == 0, index == self._cursor, row.id in self.marked
        key = (row, even, current, marked, width, self._gap)
        line = self._lines.get(key)
        if line is None:
            style = styles["base"]
            if even:
                style += styles.get("even", Style())
            if current:
                style += styles.get("cursor", Style())
            line = self._row_line(row, marked, width, styles).apply_style(style)
            self._lines.set(key, line)
        return line

    def _heading(self, width: int, styles: dict[str, Style]) -> Strip:
        style = styles["base"] + styles.get("heading", Style())
        segments = [Segment(" " * self.lead)]
        for key, title, cell_width in self.columns:
            if key == self.sort_key:
                title += " ▼" if self.descending else " ▲"
            text = fit(title, cell_width)
            text.pad_right(cell_width - text.cell_len)
            meta = Style(meta={"heading": key})
            segments.append(Segment(text.plain, meta))
            segments.append(Segment(" " * self._gap, meta))
        strip = Strip(segments).crop_extend(0, width, None)
        return strip.apply_style(style)

    def _row_line(self, row: Any, marked: bool, width: int, styles: dict[str, Style]) -> Strip:
        if not self.markable:
            line = Text(" ")
        elif marked:
            line = Text.assemble((MARK, styles.get("mark", Style())), " ")
        else:
            line = Text("  ")
        for cell, (key, _title, cell_width) in zip(
            self._cells(row, self.columns), self.columns, strict=True
        ):
            text = cell if isinstance(cell, Text) else Text(cell)
            text.truncate(cell_width, overflow="ellipsis", pad=True)
            start = len(line)
            line.append_text(text)
            line.append(" " * self._gap)
            # Each cell says its column: a screenshot's SVG then keeps cells apart.
            line.stylize(self._column_meta(key), start, len(line))
        return Strip(line.render(self.app.console), line.cell_len).crop_extend(0, width, None)

    def _column_meta(self, key: str) -> Style:
        meta = self._metas.get(key)
        if meta is None:
            meta = self._metas[key] = Style(meta={"column": key})
        return meta
