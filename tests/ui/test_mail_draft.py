"""The introduction e-mail from the client screen: shown, edited, copied, logged."""

from __future__ import annotations

import pytest

from handover_tui.services import clients, log
from handover_tui.ui.screens.mail_draft import MailDraftScreen
from tests.ui.conftest import settle

SIZES = [(80, 24), (120, 36)]


def juniper(db) -> int:
    return clients.find_clients(db, "Juniper Hotels")[0].id


async def open_draft(pilot, db) -> MailDraftScreen:
    await settle(pilot)
    pilot.app.open_client(juniper(db), "overview")
    await settle(pilot)
    await pilot.press("I")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, MailDraftScreen)
    return screen


def shown(screen) -> str:
    return str(screen.query_one("#mail-text").render())


async def test_the_key_shows_the_introduction(demo_app, demo_db):
    async with demo_app.run_test(size=(120, 36)) as pilot:
        screen = await open_draft(pilot, demo_db)
        text = shown(screen)
        assert "To: Alex Schmidt <alex.schmidt@juniper.example>" in text
        assert "Cc: Helen Park <helen@northstar-consulting.example>" in text
        assert "Subject: Juniper Hotels: introducing Helen Park" in text
        assert "Dear Alex Schmidt," in text
        await pilot.press("n")  # the other draft: the note to the incoming owner
        await settle(pilot)
        assert "Subject: Handoff of Juniper Hotels" in shown(screen)
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(pilot.app.screen, MailDraftScreen)


async def test_copy_puts_the_body_on_the_clipboard(demo_app, demo_db):
    async with demo_app.run_test(size=(120, 36)) as pilot:
        await open_draft(pilot, demo_db)
        await pilot.press("c")
        await settle(pilot)
        assert pilot.app.clipboard.startswith("Dear Alex Schmidt,\n")
        assert "From:" not in pilot.app.clipboard


async def test_edit_opens_the_editor_and_keeps_what_was_written(demo_app, demo_db, monkeypatch):
    monkeypatch.setenv("VISUAL", """sh -c 'printf "P.S. See you on Friday.\\n" >> "$0"'""")
    async with demo_app.run_test(size=(120, 36)) as pilot:
        screen = await open_draft(pilot, demo_db)
        await pilot.press("e")
        await settle(pilot)
        assert "P.S. See you on Friday." in shown(screen)
        await pilot.press("c")
        await settle(pilot)
        assert pilot.app.clipboard.rstrip().endswith("P.S. See you on Friday.")


async def test_mark_sent_logs_the_introduction_today(demo_app, demo_db):
    async with demo_app.run_test(size=(120, 36)) as pilot:
        await open_draft(pilot, demo_db)
        await pilot.press("m")
        await settle(pilot)
    latest = log.list_interactions(demo_db, juniper(demo_db))[0]
    assert latest.kind == "introduction"
    assert latest.occurred_on == demo_app.current_date()
    assert "alex.schmidt@juniper.example" in latest.attendees


async def test_a_client_without_a_plan_says_why(demo_app, demo_db):
    acme = clients.find_clients(demo_db, "Acme Logistics")[0].id
    async with demo_app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        pilot.app.open_client(acme, "overview")
        await settle(pilot)
        await pilot.press("I")
        await settle(pilot)
        assert "No draft: Acme Logistics has no transition plan yet" in shown(pilot.app.screen)
        await pilot.press("m")
        await settle(pilot)
    assert all(e.kind != "introduction" for e in log.list_interactions(demo_db, acme))


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
def test_draft_snapshot(snap_compare, demo_app, demo_db, size):
    async def draft(pilot):
        await open_draft(pilot, demo_db)

    assert snap_compare(demo_app, terminal_size=size, run_before=draft)
