"""Columns use the width: the name or title column takes the room the others leave."""

from __future__ import annotations

import pytest

from handover_tui.ui.screens.roster_rows import NAME_ROOM
from tests.ui.conftest import settle


def widths(columns) -> dict[str, int]:
    return {key: width for key, _title, width in columns}


def roster_line(table, row: int) -> str:
    """One painted line of the roster (row 0 is the heading), as plain text."""
    return table.render_line(row).text


async def test_roster_names_keep_their_room_at_80_columns(demo_app):
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        table = pilot.app.screen.query_one("#roster")
        shown = widths(table.columns)
        assert shown["name"] >= NAME_ROOM
        assert shown["owner"] < 13  # the owner's column gave up cells, not the name's
        lines = [roster_line(table, y) for y in range(1, table.visible_rows + 1)]
        assert any("Evergreen Property Group " in line for line in lines)
        assert any("Bluefin Capital " in line for line in lines)
        # Every column is on screen: the value ends inside the table.
        assert all(line.rstrip().endswith("000") for line in lines if "$" in line)


@pytest.mark.parametrize("width", [100, 120, 200])
async def test_roster_names_take_the_spare_width(demo_app, width):
    async with demo_app.run_test(size=(width, 30)) as pilot:
        await settle(pilot)
        table = pilot.app.screen.query_one("#roster")
        shown = widths(table.columns)
        gap = table.gap_for(table.scrollable_content_region.width)
        used = table.lead + sum(cell + gap for cell in shown.values()) - gap
        assert shown["name"] >= NAME_ROOM
        assert 0 <= width - used <= 4  # the spare room went to the name (less the scrollbar)


def data_widths(table) -> dict[str, int]:
    return {str(key.value): column.width for key, column in table.columns.items()}


def column_text(table, column: str) -> list[str]:
    return [getattr(cell, "plain", str(cell)) for cell in table.get_column(column)]


async def open_tab(pilot, tab: str, name: str = "Juniper Hotels"):
    from handover_tui.services import clients

    await settle(pilot)
    client_id = clients.find_clients(pilot.app.database(), name)[0].id
    pilot.app.open_client(client_id, tab)
    await settle(pilot)
    return pilot.app.screen


async def test_template_items_take_the_room_at_200_columns_after_a_resize(demo_app):
    from handover_tui.ui.screens.templates import LIST_MAX

    async with demo_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        items = pilot.app.screen.query_one("#template-items")
        assert any(title.endswith("…") for title in column_text(items, "title"))
        await pilot.resize_terminal(200, 50)
        await settle(pilot)
        assert pilot.app.screen.query_one("#template-list").size.width == LIST_MAX
        titles = column_text(items, "title")
        assert titles and not any(title.endswith("…") for title in titles)
        # The item's title column takes what the other columns leave of the pane.
        shown = data_widths(items)
        assert sum(width + 2 for width in shown.values()) + 2 == items.size.width


async def test_log_attendees_and_summary_use_200_columns(demo_app):
    async with demo_app.run_test(size=(100, 30)) as pilot:
        screen = await open_tab(pilot, "log")
        table = screen.query_one("#log-table")
        await pilot.resize_terminal(200, 50)
        await settle(pilot)
        shown = data_widths(table)
        assert shown["attendees"] > 20
        assert sum(width + 2 for width in shown.values()) + 2 == table.size.width
        cells = column_text(table, "attendees") + column_text(table, "summary")
        assert not any(cell.endswith("…") for cell in cells)


async def test_notes_titles_take_the_room_the_category_leaves(demo_app):
    async with demo_app.run_test(size=(100, 30)) as pilot:
        screen = await open_tab(pilot, "notes")
        table = screen.query_one("#notes-table")
        shown = data_widths(table)
        assert shown["title"] >= 27 and shown["category"] == 9
        assert "Their goals for next year" in column_text(table, "title")
        assert "Guest-data platform migrat…" in column_text(table, "title")
        await pilot.resize_terminal(120, 36)
        await settle(pilot)
        assert "Guest-data platform migration" in column_text(table, "title")


async def test_the_log_detail_shows_the_selected_entry_in_full(demo_app):
    from tests.ui.conftest import text_of

    async with demo_app.run_test(size=(80, 24)) as pilot:
        screen = await open_tab(pilot, "log")
        detail = screen.query_one("#log-detail")
        assert screen.query_one("#log-detail-box").display
        first = text_of(detail)
        assert "Status meeting · 2026-11-18" in first
        assert "With: Tomás, Helen" in first
        await pilot.press("down")
        await pilot.pause()
        second = text_of(detail)
        # At 80 columns the table has no attendees column: the detail names them all.
        assert "attendees" not in data_widths(screen.query_one("#log-table"))
        assert "With: Tomás, Helen, Alex Schmidt" in second
        assert "Introduced Helen to the client." in second
