"""The roster driven by keys, asserting on what was stored and what is shown."""

from __future__ import annotations

import threading

import pytest

from handover_tui.config import Settings
from handover_tui.services import clients, people
from handover_tui.ui.app import make_app
from handover_tui.ui.screens.client import ClientScreen
from handover_tui.ui.screens.form import FormScreen
from handover_tui.ui.screens.roster import RosterScreen
from tests.conftest import DEMO_TODAY
from tests.ui.conftest import settle, text_of


def shown_names(app) -> list[str]:
    """Full names of the rows in table order (cells may be cut with an ellipsis)."""
    return [row.name for row in app.screen.table.rows]


async def test_first_run_explains_how_to_start(make):
    app = make()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        empty = app.screen.query_one("#roster-empty")
        assert empty.display
        text = str(empty.render())
        assert "n to add your first client" in text and "--demo" in text


async def test_add_client_through_the_form_keeps_input_on_error(make, db):
    maya = people.create_person(db, {"name": "Maya Okafor"})
    app = make()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, FormScreen)
        # Leave the name empty, type a bad amount and a bad date, try to save.
        form.query_one("#field-annual_value").focus()
        await pilot.press(*"lots")
        form.query_one("#field-renewal_date").focus()
        await pilot.press(*"31/12/2027")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form, "the form must stay open"
        assert form.query_one("#error-name").has_class("-shown")
        assert "required" in str(form.query_one("#error-name").render())
        assert form.query_one("#error-annual_value").has_class("-shown")
        assert "YYYY-MM-DD" in str(form.query_one("#error-renewal_date").render())
        assert form.query_one("#field-annual_value").value == "lots"
        assert form.query_one("#field-renewal_date").value == "31/12/2027"
        assert app.focused is form.query_one("#field-name")
        assert clients.list_clients(db) == []
        # Fix everything and save.
        await pilot.press(*"Acme Logistics")
        value = form.query_one("#field-annual_value")
        value.value = ""
        value.focus()
        await pilot.press(*"120,000")
        date = form.query_one("#field-renewal_date")
        date.value = ""
        date.focus()
        await pilot.press(*"2027-12-31")
        form.query_one("#field-owner_id").value = maya.id
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, RosterScreen)
        (row,) = clients.list_clients(db)
        assert (row.name, row.owner, str(row.annual_value)) == (
            "Acme Logistics",
            "Maya Okafor",
            "120000.00",
        )
        assert str(row.renewal_date) == "2027-12-31"
        assert shown_names(app) == ["Acme Logistics"]


async def test_filter_as_you_type_and_clear(demo_app):
    async with demo_app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        total = len(shown_names(demo_app))
        await pilot.press("slash", *"capital")
        await settle(pilot)
        assert shown_names(demo_app) == ["Bluefin Capital"]
        await pilot.press(*"zzz")
        await settle(pilot)
        assert shown_names(demo_app) == []
        assert "No clients match" in str(demo_app.screen.query_one("#roster-empty").render())
        await pilot.press("escape")
        await settle(pilot)
        assert len(shown_names(demo_app)) == total


async def test_keys_typed_right_behind_the_slash_reach_the_filter(demo_app, demo_db):
    """A burst (a fast typist, a paste over SSH) is queued before focus moves: "harbor"
    must filter, not archive the selected client with its "a"."""
    from textual import events

    def archived() -> set[int]:
        return {c.id for c in clients.list_clients(demo_db, include_archived=True) if c.archived}

    before = archived()
    async with demo_app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        for key, character in [("slash", "/"), *((c, c) for c in "harbor")]:
            demo_app.post_message(events.Key(key, character))  # no pause between keys
        await settle(pilot)
        assert demo_app.screen.query_one("#filter").value == "harbor"
        assert shown_names(demo_app) == ["Harborview Hospital"]
        assert archived() == before
        await pilot.press("slash")  # in the box, the slash is text like any other
        assert demo_app.screen.query_one("#filter").value == "harbor/"


async def test_sort_by_each_column_and_reverse(demo_app, demo_db):
    async with demo_app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert shown_names(demo_app) == [r.name for r in clients.list_clients(demo_db)]
        await pilot.press("s")  # owner
        await settle(pilot)
        expected = [r.name for r in clients.list_clients(demo_db, sort="owner")]
        assert shown_names(demo_app) == expected
        await pilot.press("s", "s", "s", "s")  # status, stage, renewal, value
        await settle(pilot)
        assert demo_app.screen.sort_key == "value"
        await pilot.press("S")
        await settle(pilot)
        expected = [r.name for r in clients.list_clients(demo_db, sort="value", descending=True)]
        assert shown_names(demo_app) == expected
        assert "Value ▼" in demo_app.screen.table.render_line(0).text  # narrow at 100


async def test_archive_and_undo(demo_app, demo_db):
    async with demo_app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        first = shown_names(demo_app)[0]
        await pilot.press("a")
        await settle(pilot)
        assert first not in shown_names(demo_app)
        (row,) = [
            r for r in clients.list_clients(demo_db, include_archived=True) if r.name == first
        ]
        assert row.status == "archived"
        await pilot.press("u")
        await settle(pilot)
        assert shown_names(demo_app)[0] == first
        assert clients.find_clients(demo_db, first)[0].status != "archived"
        # Archived clients can be shown, and brought back from there too.
        await pilot.press("A")
        await settle(pilot)
        assert "Legacy Textiles Ltd" in shown_names(demo_app)


async def test_edit_from_roster_updates_the_row(demo_app, demo_db):
    async with demo_app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        name = shown_names(demo_app)[0]
        await pilot.press("e")
        await settle(pilot)
        field = demo_app.screen.query_one("#field-name")
        field.value = ""
        await pilot.press(*"Acme Global Logistics", "enter")
        await settle(pilot)
        assert isinstance(demo_app.screen, RosterScreen)
        assert clients.find_clients(demo_db, "Acme Global Logistics")
        assert not clients.find_clients(demo_db, name) or name != "Acme Logistics"
        assert shown_names(demo_app)[0] == "Acme Global Logistics"


async def test_enter_opens_the_client_and_escape_returns(demo_app):
    async with demo_app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(demo_app.screen, ClientScreen)
        assert demo_app.screen.title == shown_names_from(demo_app)
        await pilot.press("escape")
        assert isinstance(demo_app.screen, RosterScreen)


def shown_names_from(app) -> str:
    return app.screen.detail.client.name


async def test_command_palette_jumps_to_a_client(demo_app):
    async with demo_app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"open client harbor")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(demo_app.screen, ClientScreen)
        assert demo_app.screen.detail.client.name == "Harborview Hospital"


async def test_help_lists_the_bindings_of_the_screen(demo_app):
    async with demo_app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        rows = demo_app.screen.rows
        assert ("/", "Filter") in [(key, action) for key, action, _tip in rows]
        assert "Archive" in [action for _key, action, _tip in rows]
        await pilot.press("escape")
        assert isinstance(demo_app.screen, RosterScreen)


async def test_people_screen_adds_a_person(make, db):
    app = make()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        await pilot.press(
            *"Helen Park", "tab", *"Consultant", "tab", *"helen@", "tab", "tab", *"8", "ctrl+s"
        )
        await settle(pilot)
        assert "e-mail" in str(app.screen.query_one("#error-email").render())
        assert app.screen.query_one("#field-name").value == "Helen Park"
        app.screen.query_one("#field-email").value = "helen@example.com"
        await pilot.press("ctrl+s")
        await settle(pilot)
        (person,) = people.list_people(db)
        assert (person.name, person.role, person.capacity) == ("Helen Park", "Consultant", 8)
        table = app.screen.query_one("#people-table")
        assert table.row_count == 1


async def test_a_database_that_fails_to_open_closes_the_app_with_code_2(tmp_path):
    from handover_tui.config import Settings
    from handover_tui.ui.app import make_app

    broken = tmp_path / "broken.db"
    broken.write_text("not a database\n" * 50)
    app = make_app(Settings(), f"sqlite:///{broken}")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
    assert app.return_code == 2


# -- start-up before the data, marks ------------------------------------------------------


@pytest.fixture
def slow_app(demo_db):
    """The app over the demo data, its database held back until the test opens the gate:
    what a user sees when the database is slow to answer."""
    gate = threading.Event()
    app = make_app(Settings(start_screen="roster"), db=demo_db, today=DEMO_TODAY)
    ready = app.database

    def database():
        gate.wait(timeout=30)
        return ready()

    app.database = database  # every worker asks for the database through this
    yield app, gate
    gate.set()


async def test_keys_pressed_before_the_rows_arrive_apply_when_they_do(slow_app):
    app, gate = slow_app
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        roster = app.screen
        assert isinstance(roster, RosterScreen)
        assert not roster.loaded and roster.visible_count == 0
        assert "Client ▲" in roster.table.render_line(0).text  # painted, headings and all
        assert "Opening the database" in text_of(roster.query_one("#roster-empty"))
        await pilot.press("j", "k", "G", "pagedown", "space", "asterisk", "enter", "e", "a")
        assert isinstance(app.screen, RosterScreen) and roster.marked_ids == set()
        await pilot.press("slash", *"capital")
        await pilot.pause()
        assert not roster.loaded
        gate.set()
        await settle(pilot)
        assert roster.loaded and roster.visible_count == 1
        assert shown_names(app) == ["Bluefin Capital"]
        assert not roster.query_one("#roster-empty").display
        await pilot.press("escape")
        await settle(pilot)
        assert len(shown_names(app)) == 28


async def test_marks_by_space_star_and_escape_show_in_status_and_footer(demo_app, demo_db):
    from textual.widgets._footer import FooterKey

    async with demo_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        roster = demo_app.screen
        acme, bluefin, brightline = [row.id for row in roster.table.rows[:3]]

        def footer() -> list[str]:
            return [key.description for key in roster.query(FooterKey)]

        assert not any("Bulk" in text for text in footer())  # nothing marked, no bulk key
        await pilot.press("space", "space")  # marks and moves down
        await pilot.pause()
        assert roster.marked_ids == {acme, bluefin}
        assert roster.table.current_id == brightline
        assert "2 marked" in text_of(roster.query_one("#roster-status"))
        assert footer()[0] == "Bulk: 2 marked"  # first, so that it fits at 80 columns
        assert roster.table.render_line(1).text.startswith("✓ Acme")
        assert roster.table.render_line(3).text.startswith("  Brightline")
        await pilot.press("up", "space")  # unmark
        assert roster.marked_ids == {acme}
        # * marks what the filter shows; marks stay through a filter, a sort and a reload.
        await pilot.press("slash", *"helen", "enter", "asterisk")
        await settle(pilot)
        helen = {row.id for row in roster.table.rows}
        assert helen == {row.id for row in clients.list_clients(demo_db, "helen")}
        assert roster.marked_ids == helen | {acme}
        await pilot.press("escape")  # the filter goes first
        await settle(pilot)
        assert roster.filter_text == "" and roster.marked_ids == helen | {acme}
        await pilot.press("s", "S")
        await settle(pilot)
        roster.table.move_to(bluefin)
        clients.update_client(demo_db, acme, {"name": "Acme Worldwide"}, expected_version=None)
        demo_app.reload_all()  # what the live refresh does when another session commits
        await settle(pilot)
        assert roster.rows[acme].name == "Acme Worldwide"
        assert roster.marked_ids == helen | {acme}
        assert roster.table.current_id == bluefin
        assert f"{len(helen) + 1} marked" in text_of(roster.query_one("#roster-status"))
        await pilot.press("escape")  # then the marks
        await pilot.pause()
        assert roster.marked_ids == set()
        assert "marked" not in text_of(roster.query_one("#roster-status"))
        assert not any("Bulk" in text for text in footer())


async def test_a_click_on_a_heading_sorts_and_on_a_row_opens(demo_app):
    async with demo_app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        roster = demo_app.screen
        heading = roster.table.render_line(0).text
        await pilot.click("#roster", offset=(heading.index("Owner"), 0))
        await settle(pilot)
        assert roster.sort_key == "owner"
        await pilot.click("#roster", offset=(heading.index("Owner"), 0))
        await settle(pilot)
        assert roster.descending
        second = roster.table.rows[1]
        await pilot.click("#roster", offset=(4, 2))  # the second row: the cursor goes there
        await pilot.click("#roster", offset=(4, 2))  # and again: it opens
        await settle(pilot)
        assert isinstance(demo_app.screen, ClientScreen)
        assert demo_app.screen.client_id == second.id


async def test_b_offers_the_bulk_actions_only_when_clients_are_marked(demo_app):
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        roster = demo_app.screen
        await pilot.press("b")
        await settle(pilot)
        assert demo_app.screen is roster  # nothing marked: the key is not in force
        await pilot.press("space", "space", "space", "b")
        await settle(pilot)
        assert demo_app.screen is not roster  # the bulk actions, for the three marked
        assert len(roster.marked_ids) == 3


async def test_clients_read_another_way_show_before_the_database_answers(slow_app, demo_db):
    app, gate = slow_app
    rows = clients.roster_rows(demo_db)  # as a quicker first read would hand them over
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        roster = app.screen
        await pilot.press("slash", *"capital")
        roster.show_clients(rows)
        await pilot.pause()
        assert roster.loaded and shown_names(app) == ["Bluefin Capital"]
        gate.set()
        await settle(pilot)  # the usual read arrives and changes nothing
        assert shown_names(app) == ["Bluefin Capital"]


async def test_a_person_renamed_on_the_people_screen_shows_on_the_roster(demo_app):
    """The app no longer reloads after its own saves; back on the roster, it reads again."""
    async with demo_app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        assert "Daniel Brandt" in {row.owner for row in demo_app.screen.table.rows}
        await pilot.press("p")
        await settle(pilot)
        await pilot.press("e")  # the first person by name: Daniel Brandt
        await settle(pilot)
        demo_app.screen.query_one("#field-name").value = "Dan Brandt"
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(demo_app.screen, RosterScreen)
        owners = {row.owner for row in demo_app.screen.table.rows}
        assert "Dan Brandt" in owners and "Daniel Brandt" not in owners


async def test_large_counts_are_grouped_by_thousands(slow_app):
    from handover_tui.domain.roster_view import roster_row

    app, gate = slow_app
    rows = [
        roster_row(i, f"Client {i:05}", "", "active", "growth", None, None, "USD", "", "", "", 1)
        for i in range(1, 12_346)
    ]
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        roster = app.screen
        roster.show_clients(rows)
        await pilot.press("asterisk")
        status = text_of(roster.query_one("#roster-status"))
        assert status.startswith("12,345 clients · 12,345 marked · sorted by client")
        gate.set()  # the usual read may come now, and the app close
        await settle(pilot)
