"""The footer at 80 columns: the keys that do not fit are cut off, help never is."""

from __future__ import annotations

import pytest
from textual.widgets._footer import FooterKey

from tests.ui.conftest import settle


def pinned_keys(screen) -> dict[str, FooterKey]:
    pinned = {}
    for key in screen.query(FooterKey):
        if key.action == "help":
            pinned["help"] = key
        elif key.key == "ctrl+p":
            pinned["palette"] = key
    return pinned


@pytest.mark.parametrize("keys", [(), ("enter",)], ids=["roster", "client"])
async def test_help_and_palette_keys_stay_in_sight_at_80_columns(demo_app, keys):
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)
        await pilot.pause()
        screen = demo_app.screen
        pinned = pinned_keys(screen)
        assert set(pinned) == {"help", "palette"}
        help_region, palette_region = pinned["help"].region, pinned["palette"].region
        assert help_region.right <= palette_region.x  # side by side, not drawn over
        assert palette_region.right <= 80 and help_region.x >= 40
        assert help_region.y == palette_region.y == 23  # the bottom line
        others = [key for key in screen.query(FooterKey) if key not in pinned.values()]
        assert len(others) > 5  # the screen's own keys still come first
        assert others[0].region.x == 0
        await pilot.press("question_mark")
        await settle(pilot)
        assert demo_app.screen.__class__.__name__ == "HelpScreen"
