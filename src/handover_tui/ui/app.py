"""The application: global keys, start-up and closing, and the open database (the
navigation, file flows and palette it offers every screen are in :mod:`ui.flows`).

The database is opened in a thread after the first frame, so the window appears at
once; every screen's queries wait for it through :meth:`HandoverApp.database`.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import threading
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.app import App
from textual.binding import Binding
from textual.content import Content
from textual.notifications import SeverityLevel
from textual.signal import Signal

from handover_tui.config import Settings
from handover_tui.ui.commands import OpenClientCommands
from handover_tui.ui.flows import AppFlows
from handover_tui.ui.screens.roster import RosterScreen

if TYPE_CHECKING:
    from handover_tui.services.store import Database


WATCH_SECONDS = 1.0
"""How often the app asks whether another session changed the database."""

QUICK_READ_WAIT = 2.0
"""At most this long, opening the database waits for the start screen's quick read."""

SHUTDOWN_SECONDS = 5.0
"""After SIGHUP or SIGTERM the process ends within this long, even when closing cleanly
is stuck (see ``HandoverApp._catch_hangups``)."""


class DatabaseClosed(RuntimeError):
    """The database could not be opened, so nothing can be read or saved."""


class HandoverApp(AppFlows):
    """handover: the roster, a client's record, and the people who own accounts."""

    CSS_PATH = "app.tcss"
    TITLE = "handover"
    daily_notice: bool | None = None
    """Say what is due today, once a day, as the app opens; None: unless headless (tests)."""
    COMMANDS = App.COMMANDS | {OpenClientCommands}
    BINDINGS = [
        Binding(
            "question_mark,f1",
            "help",
            "Help",
            id="app.help",
            tooltip="Show the keys of this screen",
        ),
        Binding("ctrl+q", "quit", "Quit", id="app.quit", priority=True, show=False),
        Binding(
            "ctrl+f",
            "search",
            "Search",
            id="app.search",
            tooltip="Search clients, contacts and notes",
            priority=True,
        ),
        Binding(
            "d",
            "dashboard",
            "Dashboard",
            id="app.dashboard",
            tooltip="What needs attention, what is due, workload and running handoffs",
        ),
    ]

    def __init__(
        self,
        settings: Settings,
        database_url: str | None = None,
        *,
        demo: bool = False,
        db: Database | None = None,
        today: date | None = None,
        read_only: str | None = None,
        ask_identity: bool = False,
    ) -> None:
        """``ask_identity``: a terminal user's first start asks for their name (when
        none is set and ``ask_name`` is not false)."""
        from handover_tui.ui import drafts, themes

        # NO_COLOR: native ANSI mode makes Textual strip every colour (not just grey them).
        super().__init__(ansi_color=True if themes.no_color() else None)
        themes.register(self)
        self.settings = settings
        self.read_only = read_only or (db.read_only if db is not None else None)
        """Why the database can only be read (edits are then disabled), or None."""
        self.database_url = database_url
        self.demo = demo
        self.ask_identity = ask_identity
        url = database_url or (db.url if db is not None else None)
        self.database_identity = drafts.database_identity(url, demo=demo)
        """Which database this is, for what is kept per database (unsaved form input)."""
        self.today = today
        self._db = db
        self._db_error: str | None = None
        self._db_ready = threading.Event()
        self.quick_read_done = threading.Event()
        """Set by the start screen once its quick first read is on the screen (or skipped):
        the database opens after it, as opening's imports would share the interpreter."""
        if db is not None:
            self._db_ready.set()
        self._demo_dir: Path | None = None
        self._winding_down = threading.Event()
        self._stop_watching = threading.Event()
        self._watcher: Any = None
        self.client_changed: Signal[int] = Signal(self, "client-changed")
        """Published with a client id whenever a screen saved that client."""

    def format_title(self, title: str, sub_title: str) -> Content:
        """Every screen's header; a read-only database says so there, in words."""
        content = super().format_title(title, sub_title)
        if self.read_only:
            from handover_tui.services.store import NOT_LIVE

            # A file read as immutable: the live refresh is off, and the header says so.
            stale = "(changes by others show when reopened) " if NOT_LIVE in self.read_only else ""
            return Content.assemble(("READ-ONLY ", "bold reverse"), stale, content)
        return content

    # -- the database ----------------------------------------------------------------------

    def database(self) -> Database:
        """The open database, waiting for it if it is still opening (call from a thread);
        a wait under way when the app closes ends then, with DatabaseClosed."""
        self._db_ready.wait()
        if self._db is None:
            raise DatabaseClosed(self._db_error or "The database is not open.")
        return self._db

    def _open_database(self) -> None:
        self.quick_read_done.wait(QUICK_READ_WAIT)
        if self._winding_down.is_set():
            return  # closed before it opened: the process must not wait for the opening
        from handover_tui.services.store import open_store

        try:
            if self.demo:
                from handover_tui.services.store import open_demo

                self._demo_dir, database = open_demo(self.today)
            else:
                assert self.database_url is not None
                # The integrity check waits until the screens have their data (below).
                database = open_store(self.database_url, read_only=self.read_only)
        except Exception as error:  # nothing can work without it: say why and close
            from handover_tui.services.errors import explain
            from handover_tui.services.store import DatabaseUnavailable

            if not isinstance(error, DatabaseUnavailable):
                self.log.error("opening the database failed", error)
            self._db_error = explain(error)
            self._db_ready.set()  # every waiting worker now fails instead of hanging
            # Text, not a string: a path with [brackets] must not be read as markup.
            self.call_from_thread(self.exit, None, 2, Text(f"handover: {self._db_error}"))
            return
        try:
            from handover_tui.services import transitions

            # Phases follow the calendar: a client's status moves on with the days.
            if database.read_only is None:
                transitions.sync_client_statuses(database, self.current_date())
        except Exception as error:  # a busy database still opens for reading
            self.call_from_thread(self.show_error, error)
        watcher = self._watch_from_now(database)  # before any screen reads through it
        if self._winding_down.is_set():  # closed meanwhile: the app's unmount did not see it
            database.close()
            return
        self._db = database
        self._db_ready.set()
        self.call_from_thread(self._start_watching, watcher)
        if database.backup_path is not None:
            self.call_from_thread(
                self.notify,
                f"The database was upgraded; the previous version is saved at "
                f"{database.backup_path}.",
                timeout=10,
            )
        if not self.demo and not self._winding_down.is_set():
            from handover_tui.ui import notices

            notices.due_today(self, database)
            self._check_integrity(database)

    def _check_integrity(self, database: Database) -> None:
        """SQLite's quick check reads the whole file (about a second at 100k notes), so
        it runs here, in the opening thread once the data flows, not before the first
        frame; a damaged file still closes the app with the sentence naming its backup."""
        from handover_tui.services.store import DatabaseUnavailable, check_integrity

        try:
            check_integrity(database)
        except DatabaseUnavailable as error:
            self._db_error = str(error)
            self.call_from_thread(self.exit, None, 2, Text(f"handover: {self._db_error}"))
        except Exception as error:  # busy or gone: the next open checks again
            self.log.warning("integrity check skipped", error)

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Every toast shows control characters visibly: messages quote names and files."""
        from handover_tui.domain.terminal import terminal_text

        super().notify(
            terminal_text(message, multiline=True),
            title=terminal_text(title),
            severity=severity,
            timeout=timeout,
            markup=markup,
        )

    def show_error(self, error: BaseException) -> None:
        """One readable sentence for anything that went wrong in a background call."""
        from handover_tui.services.errors import explain

        if isinstance(error, DatabaseClosed):
            return  # the app is already closing with that message
        url = None if self.demo else self.database_url

        def explained() -> None:
            # Off the UI thread: naming a damaged file's backup may run SQLite's check.
            message = explain(error, url)
            with contextlib.suppress(RuntimeError):  # the app closed meanwhile
                self.call_from_thread(
                    self.notify,
                    message,
                    title="Not saved" if "saved" in message else "Problem",
                    severity="error",
                    timeout=8,
                )

        self.run_worker(explained, thread=True, group="explain", exit_on_error=False)

    # -- lifecycle ---------------------------------------------------------------------------

    def _catch_hangups(self) -> None:
        """A dropped SSH connection (SIGHUP) or a polite kill (SIGTERM) closes the app
        as quitting does: unsaved form input kept as a draft, the database closed.

        Within SHUTDOWN_SECONDS, whatever happens. A dropped connection hangs the terminal
        up: every write then fails, which ends Textual's output thread, and the writes
        queued behind it can block the event loop for good (the kernel's SIGCONT, which
        restarts the output, makes that likely). So the handler is a plain one, which
        runs even while the loop is blocked, not the loop's; it sends the output of a
        terminal that is gone to /dev/null and starts the deadline."""
        import asyncio
        import signal
        import time

        loop = asyncio.get_running_loop()
        terminals = [fd for fd in (1, 2) if os.isatty(fd)]
        deadline, start_deadline = os.pipe()

        def caught(number: int, _frame: object) -> None:
            # Between any two bytecodes of the main thread: plain system calls only.
            for fd in terminals:
                if not os.isatty(fd):  # hung up
                    _send_to_nowhere(fd)
            os.write(start_deadline, bytes([number]))
            with contextlib.suppress(RuntimeError):  # the loop has closed already
                loop.call_soon_threadsafe(self._hung_up, number)

        def end_at_deadline() -> None:
            number = os.read(deadline, 1)[0]
            time.sleep(SHUTDOWN_SECONDS)
            os._exit(128 + number)

        threading.Thread(target=end_at_deadline, name="handover-deadline", daemon=True).start()
        for number in (signal.SIGHUP, signal.SIGTERM):
            signal.signal(number, caught)

    def _hung_up(self, number: int) -> None:
        self.log.warning("closing on signal", number)
        try:
            self.keep_drafts()
        finally:
            self._close_down()
            self.exit(return_code=128 + number)

    def _close_down(self) -> None:
        """No thread may wait on past the app: opening stops early, and every worker
        waiting for the database gets DatabaseClosed."""
        self._winding_down.set()
        self.quick_read_done.set()  # no quick read is coming: opening need not wait
        if not self._db_ready.is_set():
            self._db_error = self._db_error or "handover is closing."
            self._db_ready.set()

    def keep_drafts(self) -> None:
        """Save what is typed in open forms, to offer it back on the next start."""
        from handover_tui.ui.screens.form import FormScreen

        for screen in self.screen_stack:
            if isinstance(screen, FormScreen):
                screen.keep_draft()

    def on_mount(self) -> None:
        if not self.is_headless:
            self._catch_hangups()
        self._use_settings()
        for problem in self.settings.problems:
            self.notify(problem, title="Settings", severity="warning", timeout=15)
        if self.read_only:
            self.notify(
                f"Opened read-only: {self.read_only}. You can look, search and export; "
                "edits are disabled.",
                title="Read-only",
                severity="warning",
                timeout=15,
            )
        self._mention_drafts()
        if self._db is None:
            # After the first frame: the imports opening needs (SQLAlchemy, SQLModel) would
            # otherwise hold the interpreter while the first frame is being drawn.
            self.call_after_refresh(
                self.run_worker,
                self._open_database,
                thread=True,
                group="open",
                exit_on_error=False,
            )
        else:  # a database handed in, open already: its baseline off this thread too
            database = self._db

            def baseline() -> None:
                self.call_from_thread(self._start_watching, self._watch_from_now(database))

            self.run_worker(baseline, thread=True, group="watch", exit_on_error=False)
        if self.settings.start_screen == "dashboard":
            from handover_tui.ui.screens.dashboard import DashboardScreen

            # Alone: the roster is composed when first shown (with no clients yet, at once).
            self.push_home(DashboardScreen, lambda: DashboardScreen(at_start=True))
        else:
            self.push_home(RosterScreen)
        if self.ask_identity and not self.settings.name and self.settings.ask_name:
            self.ask_own_details(first=True)

    def _use_settings(self) -> None:
        """The theme and the key map from the config file; a theme picked is kept there."""
        from handover_tui.ui import keymap, themes

        settings = self.settings
        if settings.theme in self.available_themes:
            self.theme = settings.theme
        else:
            known = "ctrl+p, Theme, lists them"
            settings.problems.append(
                settings.problem_at("", "theme", f"is not a known theme ({known}); ignored.")
            )
        themes.remember_choice(self, settings)
        keymap.apply(self, settings)

    @staticmethod
    def _watch_from_now(database: Database) -> Any:
        """A change watcher whose baseline is now: a commit of another session after
        this call is seen, even one made before the first poll a second later (which
        took its baseline then, and missed it)."""
        from handover_tui.services.store import change_watcher

        watcher = change_watcher(database)
        # The first call only notes where the database stands; busy, or the server
        # away, the first poll notes it instead.
        with contextlib.suppress(Exception):
            watcher.changed()
        return watcher

    def _start_watching(self, watcher: Any) -> None:
        self._watcher = watcher
        self.set_interval(WATCH_SECONDS, self._poll, name="watch")

    def _poll(self) -> None:
        """Ask (in a thread) whether anything was committed since the last time."""
        watcher = self._watcher
        if watcher is None or any(w.group == "watch" and w.is_running for w in self.workers):
            return

        def ask() -> None:
            try:
                changed = watcher.changed()
            except Exception:  # busy, or the server is away: ask again next time
                return
            if changed and not self._stop_watching.is_set():
                self.call_from_thread(self.changed_elsewhere)

        self.run_worker(ask, thread=True, group="watch", exit_on_error=False)

    def changed_elsewhere(self) -> None:
        """Another session committed something: every screen reads its data again, keeping
        its cursor, its filter and any open form. This app's own commits never get here
        (see db/changes.py): the screen that saved has shown the result already."""
        self.reload_all()

    def _mention_drafts(self) -> None:
        from handover_tui.ui import drafts

        kept = drafts.every(database=self.database_identity)
        if kept:
            titles = ", ".join(f"“{draft.title}”" for draft in kept[:3])
            self.notify(
                f"Unsaved input from an earlier session is kept for {titles}. Open the same "
                "form to restore it (or: ctrl+p, Unsaved input).",
                title="Input kept",
                timeout=20,
            )

    def on_unmount(self) -> None:
        self._close_down()
        self._stop_watching.set()
        if self._watcher is not None:
            self._watcher.close()
        if self._db is not None:
            self._db.close()
        if self._demo_dir is not None:
            shutil.rmtree(self._demo_dir, ignore_errors=True)


def _send_to_nowhere(fd: int) -> None:
    """Point ``fd`` at /dev/null: the terminal it wrote to is gone."""
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, fd)
    os.close(null)


def make_app(
    settings: Settings | None = None,
    database_url: str | None = None,
    *,
    demo: bool = False,
    db: Database | None = None,
    today: date | None = None,
    read_only: str | None = None,
    ask_identity: bool = False,
) -> HandoverApp:
    """The one way to build the app: used by the CLI, the tests and the screenshot script."""
    if database_url is None and db is None and not demo:
        raise ValueError("make_app needs a database URL, an open database, or demo=True")
    return HandoverApp(
        settings or Settings(),
        database_url,
        demo=demo,
        db=db,
        today=today,
        read_only=read_only,
        ask_identity=ask_identity,
    )
