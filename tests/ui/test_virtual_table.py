"""The virtual table alone, over 100,000 synthetic rows: no database, only what is drawn."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from rich.text import Text
from textual.app import App, ComposeResult

from handover_tui.domain.roster_view import RosterRow, filter_rows, roster_row, sort_rows
from handover_tui.ui.widgets.virtual_table import MARK, VirtualTable

COUNT = 100_000
SIZE = (60, 20)  # 19 rows under the heading
WORDS = ["Acme", "Bluefin", "Cedar", "Delta", "Harbor", "Juniper", "Nimbus", "Zephyr"]
COLUMNS = [("name", "Client", 30), ("owner", "Owner", 10), ("value", "Value", 8)]


@pytest.fixture(scope="module")
def rows() -> list[RosterRow]:
    """Rows in id order; names and values repeat so that sorts have ties."""
    return [
        roster_row(
            i,
            f"{WORDS[i % 8]} client number {i:06d} of a synthetic set",
            f"Owner {i % 13}" if i % 5 else "",
            "archived" if i % 10 == 0 else "active",
            "growth",
            date(2026, 1, 1) + timedelta(days=i % 400),
            Decimal(i % 1000),
            "USD",
            "",
            "",
            "",
            1,
        )
        for i in range(1, COUNT + 1)
    ]


class TableApp(App[None]):
    def __init__(self, rows: list[RosterRow]) -> None:
        super().__init__()
        self.rows = rows
        self.drawn: list[int] = []  # ids of the rows turned into cells, in order
        self.messages: list[object] = []

    def cells(self, row: RosterRow, columns: list[tuple[str, str, int]]) -> list[Text | str]:
        self.drawn.append(row.id)
        return [row.name, row.owner, Text(str(row.annual_value), style="bold")]

    def compose(self) -> ComposeResult:
        yield VirtualTable(self.cells, markable=True, id="table")

    def on_mount(self) -> None:
        table = self.query_one(VirtualTable)
        table.use_columns(COLUMNS, "name")
        table.show(self.rows)
        table.focus()

    def on_virtual_table_chosen(self, message: VirtualTable.Chosen) -> None:
        self.messages.append(("chosen", message.row_id))

    def on_virtual_table_heading_clicked(self, message: VirtualTable.HeadingClicked) -> None:
        self.messages.append(("heading", message.key))


def lines(table: VirtualTable) -> list[str]:
    """What the table shows, line by line, as plain text."""
    return [table.render_line(y).text for y in range(table.size.height)]


def cursor_in_view(table: VirtualTable) -> bool:
    top = round(table.scroll_y)
    return top <= table.cursor < top + table.visible_rows


async def test_moving_the_cursor_keeps_it_in_view(rows):
    app = TableApp(rows)
    async with app.run_test(size=SIZE) as pilot:
        table = app.query_one(VirtualTable)
        assert table.row_count == COUNT and table.visible_rows == 19
        await pilot.press("j", "down", "j")
        assert table.cursor == 3 and table.scroll_y == 0
        await pilot.press("k", "up", "k", "k")
        assert table.cursor == 0  # not below the first row
        await pilot.press(*["j"] * 25)
        assert table.cursor == 25 and cursor_in_view(table)
        assert table.scroll_y == 25 - 19 + 1  # scrolled just enough: the cursor on the last line
        await pilot.press("G")
        assert table.current_id == COUNT and cursor_in_view(table)
        assert table.scroll_y == table.max_scroll_y == COUNT + 1 - SIZE[1]
        await pilot.press("j", "end")
        assert table.cursor == COUNT - 1  # not past the last row
        await pilot.press("g")
        assert table.cursor == 0 and table.scroll_y == 0
        await pilot.press("pagedown", "pagedown")
        assert table.cursor == 36 and cursor_in_view(table)
        await pilot.press("pageup")
        assert table.cursor == 18 and cursor_in_view(table)
        await pilot.press("end", "pageup", "home")
        assert table.cursor == 0 and cursor_in_view(table)


async def test_the_lines_drawn_at_the_top_and_the_bottom(rows):
    app = TableApp(rows)
    async with app.run_test(size=SIZE) as pilot:
        table = app.query_one(VirtualTable)
        await pilot.pause()
        shown = lines(table)
        assert shown[0].split() == ["Client", "▲", "Owner", "Value"]
        # Each name is cut with an ellipsis to its 30 cells.
        assert shown[1].startswith("  Bluefin client number 000001 …  Owner 1 ")
        assert shown[19].startswith("  Delta client number 000019 of…  Owner 6 ")
        await pilot.press("G")
        await pilot.pause()
        shown = lines(table)
        assert shown[0].split()[0] == "Client"  # the heading stays at the top
        last = rows[-1]
        assert shown[-1].startswith(f"  {last.name[:29]}…")
        assert shown[-1].rstrip().endswith(str(last.annual_value))
        assert table.render_line(SIZE[1] - 2).text.rstrip().endswith(str(rows[-2].annual_value))


async def test_only_the_rows_on_screen_are_ever_drawn(rows):
    app = TableApp(rows)
    async with app.run_test(size=SIZE) as pilot:
        table = app.query_one(VirtualTable)
        await pilot.pause()
        assert set(app.drawn) <= {row.id for row in rows[:19]}
        assert not list(table.children)  # no widget per row
        assert all(a is b for a, b in zip(table.rows, rows, strict=True))  # the caller's tuples
        app.drawn.clear()
        await pilot.press("G")
        await pilot.pause()
        assert set(app.drawn) <= {row.id for row in rows[-19:]}
        # Changing one row redraws that row, not the list.
        app.drawn.clear()
        changed = rows[-1]._replace(name="Renamed")
        assert table.update_row(changed)
        await pilot.pause()
        assert set(app.drawn) == {changed.id}
        assert table.current_row is changed and table.row_count == COUNT


async def test_listing_rows_costs_a_list_of_references_and_no_more(rows):
    import tracemalloc

    app = TableApp(rows[:10])
    async with app.run_test(size=SIZE) as pilot:
        table = app.query_one(VirtualTable)
        tracemalloc.start()
        try:
            table.show(rows)
            await pilot.pause()
            _now, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        # 8 bytes a row for the list, a screenful of cells and the scrollbar's first import:
        # nothing per row beyond the reference (a Rich Text a row would be 100 bytes or more).
        assert peak < 8 * COUNT + 1_000_000


async def test_sorting_and_filtering_keep_the_cursor_on_the_same_row(rows):
    app = TableApp(rows)
    async with app.run_test(size=SIZE) as pilot:
        table = app.query_one(VirtualTable)
        table.move_to(54_321)
        assert table.current_id == 54_321 and cursor_in_view(table)
        by_value = sort_rows(rows, "value", descending=True)
        table.use_columns(COLUMNS, "value", descending=True)
        table.show(by_value)
        assert table.current_id == 54_321 and cursor_in_view(table)
        assert [row.annual_value for row in table.rows[:3]] == [Decimal(999)] * 3
        await pilot.pause()
        assert "Value ▼" in table.render_line(0).text
        # A filter that keeps the row keeps the cursor on it; else the cursor goes to the top.
        table.show(filter_rows(by_value, "054321"))
        assert table.row_count == 1 and table.current_id == 54_321
        table.show(filter_rows(by_value, "zephyr 9"))
        assert table.current_id == table.rows[0].id and cursor_in_view(table)
        wanted = [r for r in rows if "zephyr" in r.search and "9" in r.search and r.id % 10]
        assert sorted(table.rows) == sorted(wanted)
        table.show([])
        assert table.current_id is None and table.row_count == 0
        await pilot.press("j", "k", "G", "pagedown", "enter")  # harmless when empty
        assert app.messages == []
        await pilot.pause()
        assert lines(table)[1].strip() == ""


async def test_marks_survive_filtering_sorting_and_reloads(rows):
    app = TableApp(rows)
    async with app.run_test(size=SIZE) as pilot:
        table = app.query_one(VirtualTable)
        first, second = rows[0].id, rows[1].id
        table.toggle_mark()
        table.toggle_mark()  # each marks and moves down
        assert table.marked == {first, second} and table.cursor == 2
        await pilot.pause()
        assert table.render_line(1).text.startswith(MARK)
        assert table.render_line(2).text.startswith(MARK)
        assert not table.render_line(3).text.startswith(MARK)
        table.move_to(first)
        table.toggle_mark()  # unmarks
        assert table.marked == {second}
        # Mark every row a filter lets through: 12,500 of them.
        zephyr = filter_rows(rows, "zephyr", include_archived=True)
        table.show(zephyr)
        table.mark_all()
        assert len(table.marked) == len(zephyr) + 1 == COUNT // 8 + 1
        table.show(sort_rows(rows, "value"))  # every row again, another order
        assert len(table.marked) == COUNT // 8 + 1
        table.retain_marks({row.id for row in rows[2:]})  # a reload without the first rows
        assert second not in table.marked and len(table.marked) == COUNT // 8
        table.clear_marks()
        assert table.marked == set()


async def test_keys_and_clicks_open_and_sort(rows):
    app = TableApp(rows[:50])
    async with app.run_test(size=SIZE) as pilot:
        table = app.query_one(VirtualTable)
        await pilot.press("j", "enter")
        assert app.messages == [("chosen", rows[1].id)]
        await pilot.click(VirtualTable, offset=(5, 4))  # the fourth row: the cursor goes there
        assert table.cursor == 3 and app.messages == [("chosen", rows[1].id)]
        await pilot.click(VirtualTable, offset=(5, 4))  # again: it opens
        assert app.messages[-1] == ("chosen", rows[3].id)
        await pilot.click(VirtualTable, offset=(36, 0))  # the Owner heading
        assert app.messages[-1] == ("heading", "owner")
