"""A form over one stored record, read when the form opens.

The form is pushed at once with its fields disabled and a "Reading…" line; a worker
reads the record, fills the fields and keeps its version. Saving expects that version,
so a conflict means another session really saved since this form showed the record,
never that the screen under the form held an older copy. "Take theirs" reads the
record again and shows it, ready to edit and save.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from textual import on, work
from textual.widgets import Button, Static
from textual.worker import Worker, WorkerState

from handover_tui.ui.screens.form import FormField, FormScreen
from handover_tui.ui.typed import HandoverNode

if TYPE_CHECKING:
    from handover_tui.services.store import Database

READ_GROUP = "form-read"


class RecordForm(HandoverNode, FormScreen):
    """Edit the record ``read`` returns; ``save(db, changes, version)`` writes it back,
    refused if the record is no longer at ``version``."""

    def __init__(
        self,
        title: str,
        fields: Sequence[FormField],
        read: Callable[[Database], Any],
        save: Callable[[Database, dict[str, Any], int | None], Any],
        *,
        draft_key: str | None = None,
    ) -> None:
        super().__init__(
            title,
            fields,
            {},
            lambda db, values: save(db, values, self.expected_version),
            draft_key=draft_key,
        )
        self.read = read
        self.loaded = False
        """Whether the fields show the record: until then nothing can be saved."""

    def on_mount(self) -> None:
        self._start_reading()

    def _start_reading(self) -> None:
        self.loaded = False
        self.query_one("#form").disabled = True
        reading = self.query_one("#form-reading", Static)
        reading.update("Reading…")
        reading.add_class("-shown")
        self._read_record()

    @work(thread=True, exclusive=True, group=READ_GROUP, exit_on_error=False)
    def _read_record(self) -> Any:
        return self.read(self.app.database())

    @on(Worker.StateChanged)
    def _record_read(self, event: Worker.StateChanged) -> None:
        if event.worker.group != READ_GROUP:
            return
        event.stop()
        if event.state == WorkerState.SUCCESS:
            self._fill(event.worker.result)
        elif event.state == WorkerState.ERROR and event.worker.error is not None:
            self.query_one("#form-reading", Static).update("Could not read it.")
            self.query_one("#form").disabled = False
            self.query_one("#form-save").disabled = True
            self.app.show_error(event.worker.error)
            self.query_one("#form-cancel").focus()

    def _fill(self, record: Any) -> None:
        """Show the record as stored and guard its version; offer a kept draft on top."""
        self.initial = {spec.name: getattr(record, spec.name) for spec in self.fields}
        self.expected_version = record.version
        for spec in self.fields:
            self._set_value(spec, self.initial[spec.name])
        self.query_one("#form-reading").remove_class("-shown")
        self.query_one("#form").disabled = False
        self.loaded = True
        self.query_one(".field-box > *").focus()
        self._offer_draft()

    def _offer_draft(self) -> None:
        if self.loaded:  # restored input goes over the record, not under it
            super()._offer_draft()

    def _save(self, db: Database, values: dict[str, Any]) -> Any:
        return self.save(db, values)  # the version is the form's own: no override needed

    def action_save(self) -> None:
        if self.loaded:
            super().action_save()

    @on(Button.Pressed, "#conflict-theirs")
    def take_theirs(self, event: Button.Pressed | None = None) -> None:
        """Drop what was typed and show the record as the other session saved it."""
        from handover_tui.ui import drafts

        if event is not None:
            event.prevent_default()  # instead of FormScreen's "close without saving"
        self.query_one("#conflict").remove_class("-shown")
        self._clear_problems()
        self.theirs = {}
        drafts.discard(self.draft_key, database=self.draft_database)
        self.notify("Showing the other session's version; your changes were dropped.")
        self._start_reading()
