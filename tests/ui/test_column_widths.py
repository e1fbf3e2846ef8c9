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
