"""The notes tab by keys, and the $EDITOR path with a script standing in for the editor."""

from __future__ import annotations

import sys

from handover_tui.services import clients, notes
from handover_tui.ui.screens.client import ClientScreen
from tests.ui.conftest import settle


async def open_notes(pilot, db) -> tuple[ClientScreen, int]:
    await settle(pilot)
    acme = clients.find_clients(db, "Acme Logistics")[0].id
    pilot.app.open_client(acme, "notes")
    await settle(pilot)
    return pilot.app.screen, acme


def coverage(screen) -> str:
    return str(screen.query_one("#notes-coverage").content)


async def test_write_pin_edit_delete_undo_and_filter(demo_app, demo_db):
    async with demo_app.run_test(size=(120, 36)) as pilot:
        screen, acme = await open_notes(pilot, demo_db)
        assert "history" in coverage(screen)
        # Write a history note with Markdown.
        await pilot.press("n")
        await settle(pilot)
        form = demo_app.screen
        await pilot.press(*"How it started")
        form.query_one("#field-category").value = "history"
        form.query_one("#field-body").text = "Signed in **2019** after a pilot.\n\n- ERP\n- BI"
        await pilot.press("ctrl+s")
        await settle(pilot)
        (note,) = notes.list_notes(demo_db, acme)
        assert (note.title, note.category) == ("How it started", "history")
        assert "history" not in coverage(screen)
        view = screen.query_one("#note-view")
        assert "**2019**" in view.source and view.source.startswith("# How it started")
        assert "2019" in " ".join(
            block.content.plain if hasattr(block.content, "plain") else str(block.content)
            for block in view.children
        )
        # Pin it.
        await pilot.press("p")
        await settle(pilot)
        assert notes.list_notes(demo_db, acme)[0].pinned
        # Edit it.
        await pilot.press("e")
        await settle(pilot)
        title = demo_app.screen.query_one("#field-title")
        title.value = "How the account started"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert notes.list_notes(demo_db, acme)[0].title == "How the account started"
        # A second note in another category, then filter by category.
        notes.create_note(
            demo_db, acme, {"title": "Wants monthly calls", "category": "preferences"}
        )
        screen.query_one("#notes-table").focus()
        await pilot.press("f", "f")  # all → history → preferences
        await settle(pilot)
        shown = [note.title for note in screen.query_one("NotesPane").notes.values()]
        assert shown == ["Wants monthly calls"]
        await pilot.press(*["f"] * 6)  # round to "all" again
        await settle(pilot)
        assert len(screen.query_one("NotesPane").notes) == 2
        # Delete the pinned one, undo.
        screen.query_one("#notes-table").move_cursor(row=0)
        await pilot.press("d")
        await settle(pilot)
        assert [n.title for n in notes.list_notes(demo_db, acme)] == ["Wants monthly calls"]
        assert "history" in coverage(screen)
        await pilot.press("u")
        await settle(pilot)
        assert len(notes.list_notes(demo_db, acme)) == 2
        assert "history" not in coverage(screen)


def editor_script(tmp_path, body: str) -> str:
    script = tmp_path / "fake-editor.py"
    script.write_text(body)
    return f"{sys.executable} {script}"


async def test_external_editor_saves_the_edited_text(demo_app, demo_db, tmp_path, monkeypatch):
    command = editor_script(
        tmp_path,
        "import sys\n"
        "path = sys.argv[1]\n"
        "text = open(path).read()\n"
        "open(path, 'w').write(text + '\\n\\nAdded in the editor.')\n",
    )
    monkeypatch.setenv("VISUAL", command)
    async with demo_app.run_test(size=(120, 36)) as pilot:
        screen, acme = await open_notes(pilot, demo_db)
        note = notes.create_note(
            demo_db, acme, {"title": "Goals", "category": "goals", "body": "Grow EMEA."}
        )
        screen.query_one("NotesPane").load()
        await settle(pilot)
        await pilot.press("E")
        await settle(pilot)
        (stored,) = notes.list_notes(demo_db, acme)
        assert stored.id == note.id
        assert stored.body == "Grow EMEA.\n\nAdded in the editor."


async def test_a_failing_editor_keeps_the_old_text(demo_app, demo_db, tmp_path, monkeypatch):
    command = editor_script(
        tmp_path,
        "import sys\nopen(sys.argv[1], 'w').write('half-written')\nsys.exit(3)\n",
    )
    monkeypatch.setenv("VISUAL", command)
    async with demo_app.run_test(size=(120, 36)) as pilot:
        screen, acme = await open_notes(pilot, demo_db)
        notes.create_note(
            demo_db, acme, {"title": "Goals", "category": "goals", "body": "Grow EMEA."}
        )
        screen.query_one("NotesPane").load()
        await settle(pilot)
        await pilot.press("E")
        await settle(pilot)
        assert notes.list_notes(demo_db, acme)[0].body == "Grow EMEA."
        messages = [n.message for n in demo_app._notifications]
        assert any("exited with code 3" in m and "not changed" in m for m in messages)


async def test_external_editor_in_a_browser_tab_says_why_not(demo_app, demo_db, monkeypatch):
    """Under `handover serve` there is no terminal to hand to $EDITOR: say so, change nothing."""
    monkeypatch.setattr(type(demo_app), "is_headless", property(lambda app: False))
    async with demo_app.run_test(size=(120, 36)) as pilot:
        screen, acme = await open_notes(pilot, demo_db)
        notes.create_note(
            demo_db, acme, {"title": "Goals", "category": "goals", "body": "Grow EMEA."}
        )
        screen.query_one("NotesPane").load()
        await settle(pilot)
        await pilot.press("E")  # the headless driver, like the web one, cannot suspend
        await settle(pilot)
        assert notes.list_notes(demo_db, acme)[0].body == "Grow EMEA."
        messages = [n.message for n in demo_app._notifications]
        assert any("needs a terminal" in m for m in messages)


def test_a_preview_cuts_at_a_paragraph_and_closes_an_open_code_block():
    from handover_tui.ui.screens.client.notes import preview

    assert preview("Short note.", limit=100) == ("Short note.", 0)
    body = "First paragraph.\n\nSecond one, longer than the rest.\n\nThird."
    assert preview(body, limit=30) == ("First paragraph.", len(body) - len("First paragraph."))
    assert preview(body, limit=40)[0] == "First paragraph.\n\nSecond one, longer"  # a word
    shown, left = preview("Intro.\n\n```\n" + "x = 1\n" * 20, limit=60)
    assert shown.endswith("\n```") and shown.count("```") == 2 and left > 0


async def test_a_note_of_the_largest_size_shows_its_start_and_says_where_the_rest_is(
    demo_app, demo_db
):
    """Textual's Markdown makes a widget of every block: a note of a million characters
    took 28 s and 120 MB to draw. The view draws the first PREVIEW characters."""
    from handover_tui.ui.screens.client.notes import PREVIEW

    line = "Call with Maya about the renewal.\n\n"
    body = (line * (1_000_000 // len(line) + 1))[: 1_000_000 - 1] + "."
    async with demo_app.run_test(size=(120, 36)) as pilot:
        screen, acme = await open_notes(pilot, demo_db)
        notes.create_note(demo_db, acme, {"title": "Call log", "body": body})
        screen.query_one("NotesPane").load()
        await settle(pilot)
        view = screen.query_one("#note-view")
        assert view.source.startswith("# Call log") and "Call with Maya" in view.source
        assert len(view.source) < PREVIEW + 400
        assert view.source.rstrip().endswith(
            "press e to read and edit it here, E to open it in your editor, y to copy it.*"
        )
        assert "more characters (1,000,000 in all)" in view.source
        assert len(view.children) < PREVIEW // len(line) + 10
