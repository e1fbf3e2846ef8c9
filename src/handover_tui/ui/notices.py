"""The notice of what is due today, shown once a day when the app opens."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from handover_tui.services.store import Database
    from handover_tui.ui.app import HandoverApp


def due_today(app: HandoverApp, database: Database) -> None:
    """Notify what is due today on the user's clients (``me``), once a day; called from
    the thread that opened the database. A failure here never stops the app."""
    from handover_tui.services.agenda import daily_notice, notice_file

    wanted = app.daily_notice if app.daily_notice is not None else not app.is_headless
    if not wanted:
        return
    settings = app.settings
    try:
        text = daily_notice(
            database,
            app.current_date(),
            person=settings.me or None,
            limits=settings.thresholds(),
            state=notice_file(app.database_identity),
        )
    except Exception as error:  # a notice is a courtesy: log, do not show an error
        app.log.warning("the notice of what is due today failed", error)
        return
    if text:
        app.call_from_thread(app.notify, text, title="Due today", timeout=20)
