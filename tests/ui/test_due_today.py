"""The app says what is due today once a day as it opens, for my clients (``me``)."""

from __future__ import annotations

import re

from handover_tui.config import Settings
from handover_tui.db.engine import open_database
from handover_tui.services import demo
from handover_tui.services.agenda import daily_notice
from handover_tui.ui.app import make_app
from tests.conftest import DEMO_TODAY
from tests.ui.conftest import settle


def notices(app) -> list:
    return [n for n in app._notifications if n.title == "Due today"]


async def test_the_app_says_what_is_due_today_once_a_day(tmp_path):
    path = tmp_path / "demo.db"
    database = open_database(f"sqlite:///{path}")
    demo.populate(database, today=DEMO_TODAY)
    database.close()
    settings = Settings(start_screen="roster", me="helen@northstar-consulting.example")
    seen = []
    for _opening in range(2):
        app = make_app(settings, database_url=f"sqlite:///{path}", today=DEMO_TODAY)
        app.daily_notice = True
        async with app.run_test(size=(120, 36)) as pilot:
            await settle(pilot)
            app.database()  # opened, and the notice decided
            await settle(pilot)
            seen.append([n.message for n in notices(app)])
    [first], second = seen
    assert re.match(r"\d+ things? to see to today", first)
    assert "Bluefin Capital" in first  # Helen owns it: its satisfaction fell
    assert "Cedar & Pine" not in first  # not one of hers
    assert second == []  # once a day


def test_nothing_due_says_nothing_and_another_day_says_it_again(db, tmp_path):
    state = tmp_path / "notice"
    assert daily_notice(db, DEMO_TODAY, state=state) is None  # an empty database
    assert state.read_text() == DEMO_TODAY.isoformat()
    demo.populate(db, today=DEMO_TODAY)
    assert daily_notice(db, DEMO_TODAY, state=state) is None  # already asked today
    text = daily_notice(db, DEMO_TODAY.replace(day=24), state=state)
    assert text is not None and "handover agenda" in text
