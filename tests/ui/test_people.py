"""The People screen driven by keys: owners' credentials, recorded, removed and restored."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from handover_tui.services import people
from handover_tui.ui.screens.form import FormScreen
from handover_tui.ui.screens.people import PeopleScreen
from handover_tui.ui.screens.people_rows import expiry_words
from tests.conftest import DEMO_TODAY
from tests.ui.conftest import settle, text_of


@pytest.fixture
def owners(db):
    """Two owners; Maya sorts first, so the people list opens on her."""
    maya = people.create_person(db, {"name": "Maya Okafor", "role": "Partner"})
    sam = people.create_person(db, {"name": "Sam Whitfield", "role": "Associate"})
    return maya, sam


async def open_people(pilot) -> PeopleScreen:
    await settle(pilot)
    await pilot.press("p")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, PeopleScreen)
    return screen


def panel_rows(screen: PeopleScreen) -> list[str]:
    """Each credential line as shown: name, issuer, expiry and its words."""
    table = screen.query_one("#credentials-table")
    if not table.display:
        return []
    return [" | ".join(str(cell) for cell in table.get_row_at(i)) for i in range(table.row_count)]


def test_expiry_in_words():
    today = date(2026, 11, 23)
    assert str(expiry_words(None, today)) == "never expires"
    assert str(expiry_words(date(2026, 11, 22), today)) == "✖ expired 1 day ago"
    assert str(expiry_words(date(2026, 10, 24), today)) == "✖ expired 30 days ago"
    assert str(expiry_words(today, today)) == "▲ expires today"
    assert str(expiry_words(date(2026, 12, 23), today)) == "▲ expires in 30 days"
    assert str(expiry_words(date(2026, 12, 24), today)) == "expires in 31 days"


async def test_add_a_credential_to_the_selected_person(make, db, owners):
    maya, sam = owners
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_people(pilot)
        assert "Credentials of Maya Okafor" in text_of(screen.query_one("#credentials-title"))
        assert "None recorded" in text_of(screen.query_one("#credentials-empty"))
        await pilot.press("down")  # Sam
        await settle(pilot)
        assert "Credentials of Sam Whitfield" in text_of(screen.query_one("#credentials-title"))
        await pilot.press("c")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, FormScreen)
        await pilot.press(*"Series 7", "tab", *"FINRA", "tab", *"2026-12-10", "ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        (stored,) = people.list_credentials(db, sam.id)
        assert (stored.name, stored.issuer, stored.expires_on) == (
            "Series 7",
            "FINRA",
            date(2026, 12, 10),
        )
        assert people.list_credentials(db, maya.id) == []
        assert panel_rows(screen) == ["Series 7 | FINRA | 2026-12-10 | ▲ expires in 17 days"]
        # Back on Maya the panel follows the cursor; her list is still empty.
        await pilot.press("up")
        await settle(pilot)
        assert panel_rows(screen) == []
        await pilot.press("down")
        await settle(pilot)
        assert panel_rows(screen) == ["Series 7 | FINRA | 2026-12-10 | ▲ expires in 17 days"]


async def test_a_bad_date_keeps_what_was_typed(make, db, owners):
    maya, _sam = owners
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_people(pilot)
        await pilot.press("c")
        await settle(pilot)
        form = app.screen
        await pilot.press(*"CFA Charter", "tab", "tab", *"31/03/2027", "ctrl+s")
        await settle(pilot)
        assert app.screen is form
        assert "YYYY-MM-DD" in str(form.query_one("#error-expires_on").render())
        assert form.query_one("#field-name").value == "CFA Charter"
        assert form.query_one("#field-expires_on").value == "31/03/2027"
        assert app.focused is form.query_one("#field-expires_on")
        assert people.list_credentials(db, maya.id) == []
        form.query_one("#field-expires_on").value = "2027-03-31"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        assert [c.name for c in people.list_credentials(db, maya.id)] == ["CFA Charter"]
        assert panel_rows(screen) == ["CFA Charter |  | 2027-03-31 | expires in 128 days"]


async def test_remove_a_credential_and_undo(make, db, owners):
    maya, _sam = owners
    people.add_credential(
        db, maya.id, {"name": "Notary", "issuer": "State of NY", "expires_on": "2026-11-01"}
    )
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_people(pilot)
        assert panel_rows(screen) == ["Notary | State of NY | 2026-11-01 | ✖ expired 22 days ago"]
        await pilot.press("x")
        await settle(pilot)
        assert people.list_credentials(db, maya.id) == []
        assert panel_rows(screen) == []
        await pilot.press("u")
        await settle(pilot)
        assert [c.name for c in people.list_credentials(db, maya.id)] == ["Notary"]
        assert panel_rows(screen) == ["Notary | State of NY | 2026-11-01 | ✖ expired 22 days ago"]


async def test_with_several_credentials_x_removes_the_highlighted_one(make, db, owners):
    maya, sam = owners
    for name, expires_on in [("AML training", "2026-12-01"), ("Notary", ""), ("CFA", "2028-01-01")]:
        people.add_credential(db, maya.id, {"name": name, "expires_on": expires_on})
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_people(pilot)
        assert [row.split(" | ")[0] for row in panel_rows(screen)] == [
            "AML training",
            "CFA",
            "Notary",
        ]
        credentials = screen.query_one("#credentials-table")
        # From the people list, x asks which one and moves to the credentials.
        await pilot.press("x")
        await settle(pilot)
        assert app.focused is credentials
        assert len(people.list_credentials(db, maya.id)) == 3
        # tab goes back to the people list and on to the credentials again.
        await pilot.press("tab")
        assert app.focused is screen.query_one("#people-table")
        await pilot.press("tab", "down", "x")
        await settle(pilot)
        assert [c.name for c in people.list_credentials(db, maya.id)] == ["AML training", "Notary"]
        assert len(panel_rows(screen)) == 2
        # The undo puts it back with the person it belongs to, wherever the cursor went.
        await pilot.press("tab", "down")
        await settle(pilot)
        assert "Sam Whitfield" in text_of(screen.query_one("#credentials-title"))
        await pilot.press("u")
        await settle(pilot)
        assert [c.name for c in people.list_credentials(db, maya.id)] == [
            "AML training",
            "CFA",
            "Notary",
        ]
        assert people.list_credentials(db, sam.id) == []
        assert screen.query_one("#people-table").current_id == maya.id
        assert credentials.current_id == people.list_credentials(db, maya.id)[1].id


async def test_add_a_credential_from_the_palette(make, db, owners):
    maya, _sam = owners
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_people(pilot)
        titles = [command.title for command in app.get_system_commands(screen)]
        assert "Add a credential" in titles
        await pilot.press("ctrl+p", *"Add a credential")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, FormScreen)
        await pilot.press(*"Bar admission", "ctrl+s")
        await settle(pilot)
        assert [c.expires_on for c in people.list_credentials(db, maya.id)] == [None]
        assert panel_rows(screen) == ["Bar admission |  | — | never expires"]


async def test_people_screen_with_credentials_fits_80x24(make, db, owners, tmp_path):
    maya, _sam = owners
    people.add_credential(
        db,
        maya.id,
        {"name": "Chartered Financial Analyst", "issuer": "CFA Institute", "expires_on": ""},
    )
    people.add_credential(
        db, maya.id, {"name": "Series 7", "issuer": "FINRA", "expires_on": "2026-12-10"}
    )
    app = make()
    assert date(2026, 11, 23) == DEMO_TODAY
    async with app.run_test(size=(80, 24)) as pilot:
        await open_people(pilot)
        path = app.save_screenshot(filename="people.svg", path=str(tmp_path))
        # A line's text is split into spans wherever its style changes: join them.
        svg = re.sub(r"</text><text[^>]*>", "", Path(path).read_text(encoding="utf-8"))
    for shown in (
        "Credentials&#160;of&#160;Maya&#160;Okafor",
        "Series&#160;7",
        "FINRA",
        "expires&#160;in&#160;17&#160;days",
        "Chartered&#160;Financial&#160;An…",  # cut with an ellipsis, not cropped
        "never&#160;expires",
        "c&#160;add&#160;·&#160;x&#160;remove&#160;·&#160;u&#160;undo",
        "Credential",  # the footer keeps its own keys in sight too
        "Help",
        "Search",
    ):
        assert shown in svg, shown


async def test_help_lists_the_credential_keys(make, owners):
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_people(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        keys = {(key, action) for key, action, _tip in app.screen.rows}
        assert {("c", "Credential"), ("x", "Remove credential"), ("u", "Undo removal")} <= keys


async def test_an_unverified_phone_is_marked_in_the_list(make, db):
    from handover_tui.services.interchange import import_document

    kept = [{"id": 1, "name": "Ann", "phone": "12"}, {"id": 2, "name": "Bo", "phone": "555 01"}]
    import_document(db, {"format": "handover", "version": 1, "person": kept})
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_people(pilot)
        table = screen.query_one("#people-table")
        phones = [str(table.get_row_at(i)[-1]) for i in range(table.row_count)]
        # The mark always shows: in full where it fits, else shortened.
        assert phones == ["12 (unverified)", "555 01 (?)"]
