"""The sign-off tab in a small window: the roles' texts in sight and scrollable, every
signatory in view, and a long name cut with an ellipsis."""

from __future__ import annotations

import pytest

from handover_tui.services import clients, transitions
from tests.ui.conftest import settle, text_of

LONG_NAME = "Maximiliane Alexandra von Hohenberg-Featherstonehaugh"


async def open_sign_off(pilot):
    await settle(pilot)
    juniper = clients.find_clients(pilot.app.database(), "Juniper Hotels")[0].id
    pilot.app.open_client(juniper, "signoff")
    await settle(pilot)
    return pilot.app.screen


@pytest.mark.parametrize("size", [(80, 24), (100, 30)])
async def test_roles_texts_show_and_scroll_by_keys(demo_app, demo_db, size):
    from handover_tui.domain.vocab import Side

    juniper = clients.find_clients(demo_db, "Juniper Hotels")[0].id
    plan = transitions.plan_for_client(demo_db, juniper)
    async with demo_app.run_test(size=size) as pilot:
        screen = await open_sign_off(pilot)
        box = screen.query_one("#roles-box")
        table = screen.query_one("#signoffs")
        assert screen.focused is table  # the signatories' keys work at once
        assert box.size.height >= 8
        assert table.size.height >= table.row_count + 1  # every signatory in view
        # Each role's text comes first in its column: its start is in the first rows.
        shown = " ".join(text_of(screen.query_one("#roles")).split()[:120])
        for side in (Side.OUTGOING, Side.INCOMING, Side.CLIENT):
            assert plan.role_text(side).split()[0] in shown
        assert box.max_scroll_y > 0
        await pilot.press("shift+tab")  # from the signatories to the roles
        assert screen.focused is box
        await pilot.press("pagedown")
        await pilot.pause()
        assert box.scroll_y > 0
        await pilot.press("tab")  # back to the signatories
        assert screen.focused is table


async def test_a_new_signatory_with_a_long_name_ends_with_an_ellipsis(demo_app):
    async with demo_app.run_test(size=(80, 24)) as pilot:
        screen = await open_sign_off(pilot)
        await pilot.press("n")
        await settle(pilot)
        await pilot.press(*LONG_NAME, "tab", *"Chief Operating Officer of the Group")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert pilot.app.screen is screen
        table = screen.query_one("#signoffs")
        widths = {str(key.value): column.width for key, column in table.columns.items()}
        names = [cell.plain for cell in table.get_column("name")]
        cut = next(name for name in names if name.startswith("Maximiliane"))
        assert cut.endswith("…") and len(cut) == widths["name"]
        role = [cell.plain for cell in table.get_column("role")][names.index(cut)]
        assert role.endswith("…") and len(role) == widths["role"]
        # The whole table fits the window: no column is pushed off to the right.
        assert sum(width + 2 for width in widths.values()) + 2 <= 80
