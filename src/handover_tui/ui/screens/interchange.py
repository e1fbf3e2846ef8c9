"""Export and import from inside the app: ask for a file, do the work in a worker, show
progress for long imports, and end with a summary of what happened."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, ProgressBar, Static

from handover_tui.ui import keymap
from handover_tui.ui.background import run_db
from handover_tui.ui.typed import HandoverNode

if TYPE_CHECKING:
    from handover_tui.services.store import Database

DIALOG_CSS = """
{name} {{
    align: center middle;
}}
{name} > Vertical {{
    width: 84;
    max-width: 100%;
    height: auto;
    max-height: 90%;
    border: thick $primary;
    background: $surface;
    padding: 0 1;
}}
{name} .dialog-title {{
    text-style: bold;
    padding: 0 0 1 0;
}}
{name} .dialog-problem {{
    color: $error;
    height: auto;
}}
{name} .dialog-hint {{
    color: $text-muted;
    padding: 1 0 0 0;
}}
"""


class PathPrompt(ModalScreen["Path | None"]):
    """Ask for a file: to write (its folder must exist) or to read (it must exist)."""

    DEFAULT_CSS = DIALOG_CSS.format(name="PathPrompt")
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="path.cancel")]

    def __init__(self, title: str, suggestion: Path, *, must_exist: bool) -> None:
        super().__init__()
        self.prompt_title = title
        self.suggestion = suggestion
        self.must_exist = must_exist

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.prompt_title, classes="dialog-title")
            yield Input(str(self.suggestion), id="path", compact=True)
            yield Static("", id="path-problem", classes="dialog-problem")
            cancel = keymap.key(self.app, "path.cancel", "escape")
            yield Static(f"enter: go on · {cancel}: cancel · ~ is your home", classes="dialog-hint")

    def on_mount(self) -> None:
        field = self.query_one("#path", Input)
        if self.app.is_headless:
            field.cursor_blink = False
        field.focus()

    @on(Input.Submitted, "#path")
    def _chosen(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        path = Path(text).expanduser() if text else None
        problem = ""
        if path is None:
            problem = "Type a file name."
        elif self.must_exist and not path.is_file():
            problem = f"There is no file at {path}."
        elif not self.must_exist and path.is_dir():
            problem = f"{path} is a folder: add a file name."
        elif not self.must_exist and not path.parent.is_dir():
            problem = f"The folder {path.parent} does not exist."
        if problem:
            self.query_one("#path-problem", Static).update(problem)
            return
        self.dismiss(path)

    def action_cancel(self) -> None:
        self.dismiss(None)


class Cancelled(Exception):
    """Raised from a progress report once the user pressed escape: the transaction of the
    import rolls back, so nothing is written."""


class WorkScreen(HandoverNode, ModalScreen[Any]):
    """A long one-off job (an export, a backup) with a progress bar; escape cancels it.

    ``work(db, cancelled)`` runs in a worker; it checks ``cancelled`` before it makes
    anything visible (renaming a finished file into place) and undoes what it made when
    it was set. The screen is dismissed with the result, or None when cancelled.
    """

    DEFAULT_CSS = DIALOG_CSS.format(name="WorkScreen")
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="work.cancel")]

    Job = Callable[["Database", threading.Event], Any]

    def __init__(self, title: str, work: Job, cancelled_message: str) -> None:
        super().__init__()
        self.work_title = title
        self.work = work
        self.cancelled_message = cancelled_message
        """The toast after escape: what was not done ("Export cancelled: …")."""
        self.cancelled = threading.Event()

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.work_title, classes="dialog-title")
            yield ProgressBar(total=None, show_eta=False)
            yield Static(
                f"{keymap.key(self.app, 'work.cancel', 'escape')}: cancel", classes="dialog-hint"
            )

    def on_mount(self) -> None:
        cancelled = self.cancelled
        run_db(
            self,
            lambda db: self.work(db, cancelled),
            self.dismiss,
            failed=self._failed,
            group="work",
        )

    def _failed(self, error: BaseException) -> None:
        self.dismiss(None)
        if not isinstance(error, Cancelled):
            self.app.show_error(error)

    def action_cancel(self) -> None:
        self.cancelled.set()
        self.app.notify(self.cancelled_message, title="Cancelled")
        self.dismiss(None)


def write_unless_cancelled(
    path: Path, cancelled: threading.Event, write: Callable[[Path], str]
) -> str:
    """``write(partial)`` next to ``path``, then rename it into place: a cancelled or
    failed export leaves no half-written file behind, and an old file stays whole. The
    file is as private as the database (0600, or 0660 in a group-shared folder), whatever
    the umask: the same rule and the same code as ``handover export -o``."""
    from handover_tui.services import files

    with files.replacing(path) as partial:  # the suffix stays: it may pick the format
        what = write(partial)
        if cancelled.is_set():
            raise Cancelled
    return what


def roster_runs(pairs: list[str]) -> tuple[Any, Any]:
    """The preview and the import of a roster CSV file that read its columns as the
    ``--map`` pairs say: each ``(db, data, progress) -> CsvImportReport``."""
    from handover_tui.domain.roster_csv import parse_mapping
    from handover_tui.services import roster_csv

    mapping = parse_mapping(pairs)

    def preview(db: Database, data: bytes, progress: Callable[[int, int], None]) -> Any:
        return roster_csv.import_csv(
            db, data, mapping=mapping, dry_run=True, skip_bad=True, progress=progress
        )

    def apply(db: Database, data: bytes, progress: Callable[[int, int], None]) -> Any:
        return roster_csv.import_csv(db, data, mapping=mapping, skip_bad=True, progress=progress)

    return preview, apply


class MappingPrompt(ModalScreen["list[str] | None"]):
    """Ask which field each column of a CSV file fills, as ``--map`` pairs separated by
    semicolons (``Kunde=name; Lifecycle Stage=ignore``); dismissed with the pairs."""

    DEFAULT_CSS = DIALOG_CSS.format(name="MappingPrompt")
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="mapping.cancel")]

    def __init__(self, pairs: list[str]) -> None:
        super().__init__()
        self.pairs = pairs

    def compose(self) -> ComposeResult:
        from handover_tui.domain.roster_csv import FIELDS, IGNORE

        with Vertical():
            yield Static("Read columns as fields", classes="dialog-title")
            yield Input("; ".join(self.pairs), id="mapping", compact=True)
            yield Static("", id="mapping-problem", classes="dialog-problem")
            cancel = keymap.key(self.app, "mapping.cancel", "escape")
            yield Static(
                f"Column=field; …  Fields: {', '.join(FIELDS)}, or {IGNORE}.\n"
                f"enter: preview again · {cancel}: cancel",
                classes="dialog-hint",
            )

    def on_mount(self) -> None:
        field = self.query_one("#mapping", Input)
        if self.app.is_headless:
            field.cursor_blink = False
        field.focus()

    @on(Input.Submitted, "#mapping")
    def _chosen(self, event: Input.Submitted) -> None:
        from handover_tui.domain.roster_csv import CsvError, parse_mapping

        pairs = [pair.strip() for pair in event.value.split(";") if pair.strip()]
        try:
            parse_mapping(pairs)
        except CsvError as error:
            self.query_one("#mapping-problem", Static).update(Content(str(error)))
            return
        self.dismiss(pairs)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ImportScreen(ModalScreen[Any]):
    """Run an import in a worker with a progress bar and show its summary.

    ``preview(db, progress)`` runs first and returns what to show (its ``str``, shown as
    plain text: a file's cells are no markup). With ``apply``, that first run is a dry
    run: enter then runs ``apply`` for real, escape leaves everything as it was.
    ``on_done`` gets the result of the run that wrote. With ``remap``, m asks for
    ``--map`` pairs after a preview and ``remap(pairs)`` gives the preview and apply
    that read the columns so.
    """

    DEFAULT_CSS = (
        DIALOG_CSS.format(name="ImportScreen")
        + """
    ImportScreen #import-summary {
        height: auto;
        max-height: 20;
        overflow-y: auto;
    }
    """
    )
    BINDINGS = [
        Binding("escape", "close", "Close", id="import.close"),
        Binding("enter", "apply", "Import", id="import.apply", show=False),
        Binding("m", "remap", "Columns", id="import.remap", show=False),
    ]

    Work = Callable[["Database", Callable[[int, int], None]], Any]

    def __init__(
        self,
        title: str,
        preview: Work,
        *,
        apply: Work | None = None,
        on_done: Callable[[Any], None] | None = None,
        remap: Callable[[list[str]], tuple[Work, Work]] | None = None,
    ) -> None:
        super().__init__()
        self.import_title = title
        self.preview = preview
        self.apply = apply
        self.on_done = on_done
        self.remap = remap
        self.pairs: list[str] = []
        """The ``--map`` pairs the preview was read with."""
        self.applied = False
        self.stage = "running"
        """running, then confirm (a preview waits for enter) or done."""
        self.result: Any = None
        self.cancelled = threading.Event()
        """Set by escape while running: the next progress report stops the import."""

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.import_title, classes="dialog-title")
            yield ProgressBar(total=None, show_eta=False, id="import-progress")
            yield Static("Reading…", id="import-summary")
            yield Static("", id="import-hint", classes="dialog-hint")

    def on_mount(self) -> None:
        self._run(self.preview, final=self.apply is None)

    def _run(self, work: Work, *, final: bool) -> None:
        self.stage = "running"
        bar = self.query_one(ProgressBar)
        bar.display = True
        close = keymap.key(self.app, "import.close", "escape")
        self.query_one("#import-hint", Static).update(f"{close}: cancel, nothing is written")

        cancelled = self.cancelled

        def progress(done: int, total: int) -> None:
            if cancelled.is_set():
                raise Cancelled
            self.app.call_from_thread(bar.update, total=total, progress=done)

        def finished(result: Any) -> None:
            if self.cancelled.is_set():
                if not final:
                    self._stopped()  # a preview writes nothing anyway
                    return
                self.notify("Too late to cancel: the import had finished.", severity="warning")
            self.result = result
            bar.display = False
            self.query_one("#import-summary", Static).update(Content(str(result)))
            if not final and getattr(result, "importable", True):
                self.stage = "confirm"
                apply = keymap.key(self.app, "import.apply", "enter")
                hint = (
                    f"{apply}: import this{self._remap_hint()} · {close}: cancel, "
                    "nothing is written"
                )
            else:
                self.stage = "done"
                hint = f"{close}: close" if final else f"{close}: close{self._remap_hint()}"
                if final and self.on_done is not None:
                    self.on_done(result)
            self.query_one("#import-hint", Static).update(hint)

        def failed(error: BaseException) -> None:
            from handover_tui.services.errors import explain

            if isinstance(error, Cancelled):
                self._stopped()
                return
            self.stage = "done"
            bar.display = False
            self.query_one("#import-summary", Static).update(
                Content(f"Nothing was imported: {explain(error)}")
            )
            hint = f"{close}: close" if final else f"{close}: close{self._remap_hint()}"
            self.query_one("#import-hint", Static).update(hint)

        run_db(self, lambda db: work(db, progress), finished, failed=failed, group="import")

    def _remap_hint(self) -> str:
        if self.remap is None:
            return ""
        return f" · {keymap.key(self.app, 'import.remap', 'm')}: change the columns"

    def action_apply(self) -> None:
        if self.stage == "confirm" and self.apply is not None:
            self.applied = True
            self._run(self.apply, final=True)

    def action_remap(self) -> None:
        """Ask which field each column fills, then preview again with that mapping."""
        remap = self.remap
        if remap is None or self.applied or self.stage not in ("confirm", "done"):
            return

        def chosen(pairs: list[str] | None) -> None:
            if pairs is None:
                return
            self.pairs = pairs
            self.preview, self.apply = remap(pairs)
            self._run(self.preview, final=False)

        self.app.push_screen(MappingPrompt(self.pairs), chosen)

    def action_close(self) -> None:
        if self.stage == "cancelling":
            return
        if self.stage == "running":
            # The worker stops at its next progress report and rolls back; its answer
            # (stopped, or finished just before) closes the screen.
            self.stage = "cancelling"
            self.cancelled.set()
            self.query_one("#import-hint", Static).update("Cancelling…")
            return
        self.dismiss(self.result)

    def _stopped(self) -> None:
        self.app.notify("Import cancelled: nothing was written.", title="Cancelled")
        self.dismiss(None)
