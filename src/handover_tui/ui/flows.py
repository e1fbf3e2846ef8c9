"""Where the app's keys and palette lead: between screens, files in and out, the palette.

The flows any screen starts through ``self.app``; :class:`HandoverApp` adds the database.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.app import App, SystemCommand
from textual.screen import Screen
from textual.signal import Signal

from handover_tui.config import Settings
from handover_tui.ui.screens.roster import RosterScreen

if TYPE_CHECKING:
    from textual.widget import AwaitMount

    from handover_tui.services.store import Database
    from handover_tui.ui.messages import ClientKnown

    FileWork = Callable[[Database, bytes, Any], Any]
    """An import's run on a file's bytes: ``(db, data, progress) -> result``."""


PORTFOLIO_FLOWS = [
    ("owner_leaving", "Owner leaving…", "Propose who takes each client of someone who leaves"),
    ("rebalance", "Rebalance…", "Move clients off an owner who is over capacity"),
    ("rotation_due", "Rotation due…", "New owners for clients past the rotation interval"),
]


class AppFlows(App[None]):
    """Navigation, file flows and palette commands; :class:`HandoverApp` builds on these."""

    settings: Settings
    today: date | None
    client_changed: Signal[int]

    def current_date(self) -> date:
        """Today, or the fixed day the app was made with (tests, screenshots)."""
        return self.today or date.today()

    def action_drafts(self) -> None:
        from handover_tui.ui.screens.drafts import DraftsScreen

        self.push_screen(DraftsScreen())

    # -- navigation used by several screens -----------------------------------------------

    def open_client(
        self, client_id: int, tab: str = "overview", known: ClientKnown | None = None
    ) -> AwaitMount:
        """Show the client's screen now, with what ``known`` says about it (the roster's
        row); the screen reads the rest itself. Await the result where the next key must
        find the new screen in front (a key binding's action)."""
        from handover_tui.ui.screens.client.screen import ClientScreen

        return self.push_screen(ClientScreen(client_id, tab, known=known))

    def new_client(self) -> AwaitMount:
        from handover_tui.ui.screens.forms import new_client_form

        return self.push_screen(new_client_form(self.settings.currency), self._client_saved)

    def edit_client(self, client_id: int, name: str | None = None) -> AwaitMount:
        from handover_tui.ui.screens.forms import edit_client_form

        return self.push_screen(edit_client_form(client_id, name), self._client_saved)

    def start_transition(self, client_id: int) -> AwaitMount:
        """Ask who takes the client over, why and when; then show the new plan."""
        from handover_tui.ui.screens.transition_forms import start_form

        form = start_form(client_id, self.current_date())
        return self.push_screen(form, lambda started: self._transition_started(client_id, started))

    def _transition_started(self, client_id: int, transition_id: int | None) -> None:
        if transition_id is None:
            return
        from handover_tui.ui import keymap
        from handover_tui.ui.screens.client import ClientScreen

        tick = keymap.key(self, "checklist.tick", "Space")
        sign_off = keymap.key(self, "client.signoff", "s")
        self.notify(f"Transition planned. {tick} ticks an item; {sign_off} shows the sign-off.")
        self.client_changed.publish(client_id)  # an open client screen reloads itself
        screen = self.screen
        if isinstance(screen, ClientScreen) and screen.client_id == client_id:
            screen.show_tab("transition")
        else:
            self.open_client(client_id, "transition")

    def _client_saved(self, client: Any) -> None:
        if client is None:
            return
        self.notify(f"Saved {client.name}.")
        self.client_changed.publish(client.id)  # the roster row and an open client follow
        if isinstance(self.screen, RosterScreen):
            self.screen.table.move_to(client.id)

    def action_dashboard(self) -> Any:
        """Back to the dashboard if it is open under this screen, else open it."""
        from handover_tui.ui.screens.dashboard import DashboardScreen

        return self._bring_up(DashboardScreen)

    def action_roster(self) -> Any:
        return self._bring_up(RosterScreen)

    def show_roster(self, *, attention_only: bool = False, sort: str | None = None) -> Any:
        """The roster with only the clients needing attention, or sorted by ``sort``
        ascending: where the dashboard's capped lists send the user for the rest."""
        shown = self._bring_up(RosterScreen)
        roster = self.screen
        if not isinstance(roster, RosterScreen):
            return shown
        if roster.attention_only != attention_only:
            roster.attention_only = attention_only
        if sort is not None:
            roster.sort_key, roster.descending = sort, False
        return shown

    def push_home(self, kind: type[Screen], make: Callable[[], Screen] | None = None) -> Any:
        """Push a home screen, installed under its kind's name so that it is kept when
        popped: back on it later, its cursor, filter and marks are as they were."""
        name = kind.__name__
        if not self.is_screen_installed(name):
            self.install_screen((make or kind)(), name)
        return self.push_screen(name)

    def ask_own_details(self, *, first: bool = False) -> Any:
        """The user's name and details; at a first start, escape means "do not ask again"."""
        from handover_tui.ui.screens.own_details import own_details_form

        settings = self.settings

        def done(who: Any) -> None:
            if who is not None:
                self.notify(f"Saved in {settings.path}: you are {who.display_name}.")
            elif first:
                self.run_worker(
                    lambda: self._skip_asking(settings), thread=True, exit_on_error=False
                )

        return self.push_screen(own_details_form(settings, first=first), done)

    def _skip_asking(self, settings: Any) -> None:
        from handover_tui.services import identity

        try:
            identity.skip_asking(settings)
        except OSError as error:
            self.call_from_thread(
                self.notify,
                f"Could not note in {settings.path} not to ask again: {error.strerror or error}.",
                severity="warning",
            )

    def _bring_up(self, kind: type[Screen]) -> Any:
        """Show a home screen (dashboard or roster): back down to it if it is open, else
        open it straight over the home screen the app started on, so that the stack never
        grows by wandering. Returns what to await for it to be in front (a key binding's
        action does)."""
        if isinstance(self.screen, kind):
            return None
        if not any(isinstance(screen, kind) for screen in self.screen_stack):
            while len(self.screen_stack) > 2:  # Textual's default screen, then the start one
                self.pop_screen()
            return self.push_home(kind)
        shown = None
        while not isinstance(self.screen, kind):
            shown = self.pop_screen()
        return shown

    # -- files in and out ----------------------------------------------------------------

    def export_file(
        self, title: str, suggestion: str, produce: Callable[[Database, Path], str]
    ) -> AwaitMount:
        """Ask where, then write ``produce(db, path)`` there in a worker, with a progress
        bar and escape to cancel; ``produce`` returns what was written, for the toast."""
        from handover_tui.ui.screens.interchange import (
            PathPrompt,
            WorkScreen,
            write_unless_cancelled,
        )

        def chosen(path: Path | None) -> None:
            if path is None:
                return

            def write(db: Database, cancelled: threading.Event) -> str:
                return write_unless_cancelled(path, cancelled, lambda to: produce(db, to))

            def written(what: str | None) -> None:
                if what is not None:
                    self.notify(f"Wrote {what} to {path}.", title="Exported")

            work = WorkScreen(
                f"Writing {path.name}…", write, f"Export cancelled: {path} was not written."
            )
            self.push_screen(work, written)

        return self.push_screen(
            PathPrompt(title, Path.cwd() / suggestion, must_exist=False), chosen
        )

    def import_file(
        self,
        title: str,
        suggestion: str,
        preview: FileWork,
        apply: FileWork | None = None,
        *,
        remap: Callable[[list[str]], tuple[FileWork, FileWork]] | None = None,
    ) -> None:
        """Ask which file, then run the import (after a preview, with ``apply``) with
        progress and a summary; every open screen reloads afterwards. With ``remap``,
        the preview can be read again with ``--map`` pairs (see ``ImportScreen``)."""
        from handover_tui.ui.screens.interchange import ImportScreen, PathPrompt

        def chosen(path: Path | None) -> None:
            if path is None:
                return

            def on_path(work: FileWork) -> Any:
                return lambda db, progress: work(db, path.read_bytes(), progress)

            def remapped(pairs: list[str]) -> tuple[Any, Any]:
                assert remap is not None
                first, then = remap(pairs)
                return on_path(first), on_path(then)

            self.push_screen(
                ImportScreen(
                    f"{title}: {path.name}",
                    on_path(preview),
                    apply=on_path(apply) if apply is not None else None,
                    on_done=self.reload_all,
                    remap=remapped if remap is not None else None,
                )
            )

        self.push_screen(PathPrompt(title, Path.cwd() / suggestion, must_exist=True), chosen)

    def reload_all(self, _result: Any = None) -> None:
        """After an import or a restore: every open screen reads its data again."""
        for screen in self.screen_stack:
            for method in ("load", "load_signals"):
                reload = getattr(screen, method, None)
                if callable(reload):
                    reload()

    def action_export_json(self) -> None:
        from handover_tui.services import interchange

        def produce(db: Database, path: Path) -> str:
            path.write_text(interchange.export_json(db), encoding="utf-8")
            return "the whole database"

        self.export_file("Export the whole database as JSON to", "handover.json", produce)

    def action_export_csv(self) -> None:
        from handover_tui.services import roster_csv

        def produce(db: Database, path: Path) -> str:
            path.write_text(roster_csv.export_csv(db), encoding="utf-8")
            return "the roster"

        self.export_file("Export the roster as CSV to", "roster.csv", produce)

    def action_export_ics(self) -> None:
        from handover_tui.services import calendar

        today = self.current_date()
        options = self.settings.calendar_options()

        def produce(db: Database, path: Path) -> str:
            text = calendar.export_ics(db, today=today, options=options)
            path.write_text(text, encoding="utf-8")
            return "due items and planned meetings"

        self.export_file("Export due items and meetings (iCalendar) to", "handover.ics", produce)

    def action_import_csv(self) -> None:
        from handover_tui.ui.screens.interchange import roster_runs

        self.import_file(
            "Import a roster from CSV", "roster.csv", *roster_runs([]), remap=roster_runs
        )

    def action_import_json(self) -> None:
        from handover_tui.services import interchange

        region = self.settings.phone_region

        def load(db: Database, data: bytes, progress: Any) -> Any:
            return interchange.import_json(db, data, merge=True, progress=progress, region=region)

        self.import_file("Import (merge) a database exported as JSON", "handover.json", load)

    def action_backup(self) -> None:
        from handover_tui.services import backup
        from handover_tui.ui.screens.interchange import Cancelled, WorkScreen

        def copy(db: Database, cancelled: threading.Event) -> Path:
            if db.path is None:
                raise ValueError("Backups are for SQLite files; use pg_dump for PostgreSQL.")
            made = backup.backup(db.path)
            if cancelled.is_set():
                made.unlink(missing_ok=True)
                raise Cancelled
            return made

        def done(path: Path | None) -> None:
            if path is not None:
                self.notify(f"Backed up the database to {path}.", title="Backed up")

        message = "Backup cancelled: no copy was kept."
        self.push_screen(WorkScreen("Backing up the database…", copy, message), done)

    def action_activity(self) -> Any:
        """The audit trail of every client: who changed what, and when."""
        from handover_tui.ui.screens.activity import ActivityScreen

        if isinstance(self.screen, ActivityScreen):
            return None
        return self.push_screen(ActivityScreen())

    def action_people(self) -> Any:
        from handover_tui.ui.screens.people import PeopleScreen

        return self.push_screen(PeopleScreen())

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """ctrl+f over a dialog is the dialog's: a field's ctrl+f deletes the next word."""
        from textual.screen import ModalScreen

        if action == "search" and isinstance(self.screen, ModalScreen):
            return None
        return super().check_action(action, parameters)

    async def action_search(self) -> None:
        """ctrl+f, a priority binding: the words typed behind it go to the search box."""
        from handover_tui.ui.screens.search import SearchScreen

        if not isinstance(self.screen, SearchScreen):
            await self.push_screen(SearchScreen())

    def action_templates(self) -> Any:
        from handover_tui.ui.screens.templates import TemplatesScreen

        return self.push_screen(TemplatesScreen())

    def action_help(self) -> None:
        from handover_tui.ui.screens.help import HelpScreen, bindings_in_force

        screen = self.screen
        name = screen.sub_title or type(screen).__name__
        self.push_screen(HelpScreen(name.lower(), bindings_in_force(screen)))

    def portfolio(self, flow: str) -> None:
        """Owner leaving, rebalance or rotation due: propose, edit, confirm."""
        from handover_tui.ui.screens import portfolio

        getattr(portfolio, flow)(self)

    # -- command palette -----------------------------------------------------------------

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand(
            "Dashboard", "Needs attention, due items, renewals, workload", self.action_dashboard
        )
        yield SystemCommand("Roster", "Every client, filter and sort", self.action_roster)
        yield SystemCommand("New client", "Add a client to the roster", self.new_client)
        yield SystemCommand("Search", "Clients, contacts and notes", self.action_search)
        yield SystemCommand("Templates", "Edit the checklist templates", self.action_templates)
        yield SystemCommand(
            "Activity", "Who changed what, and when, across all clients", self.action_activity
        )
        yield SystemCommand("People", "Add or edit the people who own accounts", self.action_people)
        yield SystemCommand("Help: keys of this screen", "List the key bindings", self.action_help)
        yield SystemCommand(
            "Export database as JSON…", "Everything, to re-import later", self.action_export_json
        )
        yield SystemCommand("Export roster as CSV…", "For a spreadsheet", self.action_export_csv)
        yield SystemCommand(
            "Export calendar (iCalendar)…", "Due items and planned meetings", self.action_export_ics
        )
        yield SystemCommand(
            "Import roster from CSV…", "From a CRM export; preview first", self.action_import_csv
        )
        yield SystemCommand(
            "Import database from JSON…", "Merge an export into this one", self.action_import_json
        )
        yield SystemCommand(
            "Back up the database now", "A consistent copy in backups/", self.action_backup
        )
        yield SystemCommand(
            "Unsaved input", "Form input kept when handover closed unsaved", self.action_drafts
        )
        yield SystemCommand(
            "Your details",
            "Your name, title and contact details for the documents you prepare",
            self.ask_own_details,
        )
        for flow, title, help_text in PORTFOLIO_FLOWS:
            yield SystemCommand(title, help_text, lambda flow=flow: self.portfolio(flow))
        own = getattr(screen, "palette_commands", None)
        if own is not None:
            yield from own()
