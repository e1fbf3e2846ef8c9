"""The look of the main screens, at the smallest supported size and the screenshot size."""

from __future__ import annotations

import pytest

from tests.ui.conftest import settle

SIZES = [(80, 24), (120, 36)]


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
def test_roster(snap_compare, demo_app, size):
    assert snap_compare(demo_app, terminal_size=size, run_before=settle)


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
def test_client_overview(snap_compare, demo_app, size):
    async def open_client(pilot):
        await settle(pilot)
        await pilot.press("down", "enter")
        await settle(pilot)

    assert snap_compare(demo_app, terminal_size=size, run_before=open_client)


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
def test_client_contacts(snap_compare, demo_app, size):
    """The stakeholder map: fewer columns at 80, the detail under the list."""

    async def open_contacts(pilot):
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)

    assert snap_compare(demo_app, terminal_size=size, run_before=open_contacts)


def test_client_form_with_errors(snap_compare, demo_app):
    async def bad_form(pilot):
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        pilot.app.screen.query_one("#field-renewal_date").value = "soon"
        await pilot.press("ctrl+s")
        await settle(pilot)

    assert snap_compare(demo_app, terminal_size=(100, 30), run_before=bad_form)


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
def test_checklist_tab(snap_compare, demo_app, demo_db, size):
    from handover_tui.services import clients

    juniper = clients.find_clients(demo_db, "Juniper Hotels")[0].id

    async def open_plan(pilot):
        await settle(pilot)
        pilot.app.open_client(juniper, "transition")
        await settle(pilot)

    assert snap_compare(demo_app, terminal_size=size, run_before=open_plan)


def test_checklist_tab_with_warnings_listed(snap_compare, demo_app, demo_db):
    """At 80x24, w lists the timing warnings the tab folds into one line."""
    from handover_tui.services import clients

    juniper = clients.find_clients(demo_db, "Juniper Hotels")[0].id

    async def open_plan(pilot):
        await settle(pilot)
        pilot.app.open_client(juniper, "transition")
        await settle(pilot)
        await pilot.press("w")
        await settle(pilot)

    assert snap_compare(demo_app, terminal_size=(80, 24), run_before=open_plan)


def test_sign_off_tab(snap_compare, demo_app, demo_db):
    from handover_tui.services import clients

    willow = clients.find_clients(demo_db, "Willow Creek Schools")[0].id

    async def open_sign_off(pilot):
        await settle(pilot)
        pilot.app.open_client(willow, "signoff")
        await settle(pilot)

    assert snap_compare(demo_app, terminal_size=(120, 36), run_before=open_sign_off)


def test_notes_tab(snap_compare, demo_app, demo_db):
    from handover_tui.services import clients

    juniper = clients.find_clients(demo_db, "Juniper Hotels")[0].id

    async def open_notes(pilot):
        await settle(pilot)
        pilot.app.open_client(juniper, "notes")
        await settle(pilot)

    assert snap_compare(demo_app, terminal_size=(120, 36), run_before=open_notes)


def test_search_screen(snap_compare, demo_app):
    async def search_for(pilot):
        await settle(pilot)
        await pilot.press("ctrl+f", *"renewal")
        await settle(pilot)

    assert snap_compare(demo_app, terminal_size=(120, 36), run_before=search_for)


def test_log_tab(snap_compare, demo_app, demo_db):
    from handover_tui.services import clients

    juniper = clients.find_clients(demo_db, "Juniper Hotels")[0].id

    async def open_log(pilot):
        await settle(pilot)
        pilot.app.open_client(juniper, "log")
        await settle(pilot)

    assert snap_compare(demo_app, terminal_size=(120, 36), run_before=open_log)


@pytest.mark.parametrize(
    "size", [(80, 24), (120, 36), (160, 50)], ids=lambda size: f"{size[0]}x{size[1]}"
)
def test_dashboard(snap_compare, dashboard_app, size):
    assert snap_compare(dashboard_app, terminal_size=size, run_before=settle)


def test_dashboard_lower_half_at_80x24(snap_compare, dashboard_app):
    """Workload bars and the timeline, scrolled into view at the smallest size."""

    async def to_timeline(pilot):
        await settle(pilot)
        await pilot.press("4")
        await settle(pilot)

    assert snap_compare(dashboard_app, terminal_size=(80, 24), run_before=to_timeline)


def pin_the_trail(db) -> None:
    """The audit trail is written at the real time by the real user: pin both (to a past
    year, which shows as a full date) so that the activity screens look the same on
    every run."""
    import re
    from datetime import UTC, datetime

    from sqlmodel import select

    from handover_tui.models import Activity

    stamp = re.compile(r"\d{4}-\d{2}-\d{2}T[\d:.]+\+00:00")
    with db.transaction() as session:
        session.info["audit_skip"] = True
        for entry in session.exec(select(Activity)):
            entry.at = datetime(2020, 1, 2, 3, 4, tzinfo=UTC)
            entry.os_user = "maya"
            entry.changes = stamp.sub("2020-01-02T03:04:05+00:00", entry.changes)


async def open_main_screen(pilot, name: str) -> None:
    """Bring up one main screen of the demo data by the app's own actions."""
    from handover_tui.services import clients

    app = pilot.app
    await settle(pilot)
    if "activity" in name:
        pin_the_trail(app.database())
    if name.startswith("client-"):
        juniper = clients.find_clients(app.database(), "Juniper Hotels")[0].id
        app.open_client(juniper, name.removeprefix("client-"))
    elif name == "search":
        await pilot.press("ctrl+f", *"renewal")
    else:
        getattr(app, f"action_{name}")()
    await settle(pilot)


# The screens the tests above do not already show at both sizes.
MAIN_SCREENS = [
    *[
        (name, (80, 24))
        for name in ("client-contacts", "client-notes", "client-signoff", "client-log", "search")
    ],
    *[
        (name, size)
        for name in ("client-activity", "people", "templates", "activity")
        for size in SIZES
    ],
]


@pytest.mark.parametrize(
    ("name", "size"), MAIN_SCREENS, ids=[f"{name}-{w}x{h}" for name, (w, h) in MAIN_SCREENS]
)
def test_main_screen(snap_compare, demo_app, name, size):
    async def open_it(pilot):
        await open_main_screen(pilot, name)

    assert snap_compare(demo_app, terminal_size=size, run_before=open_it)


THEMES = ["textual-light", "handover-high-contrast"]


@pytest.mark.parametrize("theme", THEMES)
def test_roster_in_theme(snap_compare, demo_app, theme):
    """The default (dark) theme is in test_roster; these are the light and high-contrast."""

    async def themed(pilot):
        pilot.app.theme = theme
        await settle(pilot)

    assert snap_compare(demo_app, terminal_size=(120, 36), run_before=themed)


@pytest.mark.parametrize("theme", THEMES)
def test_dashboard_in_theme(snap_compare, dashboard_app, theme):
    async def themed(pilot):
        pilot.app.theme = theme
        await settle(pilot)

    assert snap_compare(dashboard_app, terminal_size=(120, 36), run_before=themed)


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
def test_transition_form(snap_compare, demo_app, size):
    """A form: the focused field marked, a checkbox left empty while off."""

    async def open_form(pilot):
        await settle(pilot)
        await pilot.press("T")
        await settle(pilot)
        await pilot.press("tab", "tab", "tab")  # to the start date
        await settle(pilot)

    assert snap_compare(demo_app, terminal_size=size, run_before=open_form)


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
def test_escape_with_unsaved_input(snap_compare, demo_app, size):
    async def type_and_escape(pilot):
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        await pilot.press(*"Acme", "escape")
        await settle(pilot)

    assert snap_compare(demo_app, terminal_size=size, run_before=type_and_escape)


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
def test_help_screen(snap_compare, demo_app, size):
    async def open_help(pilot):
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)

    assert snap_compare(demo_app, terminal_size=size, run_before=open_help)
