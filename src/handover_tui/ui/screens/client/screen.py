"""One client, in tabs: overview, transition (plan and checklist), sign-off, contacts."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from textual.app import SystemCommand
from textual.binding import Binding
from textual.widgets import TabPane

from handover_tui.ui import keymap
from handover_tui.ui.background import run_db
from handover_tui.ui.keys import opens_screen
from handover_tui.ui.screens.client.checklist import ChecklistPane
from handover_tui.ui.screens.client.contacts import ContactsPane
from handover_tui.ui.screens.client.log import LogPane
from handover_tui.ui.screens.client.notes import NotesPane
from handover_tui.ui.screens.client.signoff import SignOffPane
from handover_tui.ui.screens.client.tabs import PANES, ClientTabs


class ClientScreen(ClientTabs):
    """A client's record; ``o``/``t``/``s``/``c`` switch tabs, ``escape`` goes back."""

    BINDINGS = [
        Binding("escape", "back", "Back", id="client.back", tooltip="Back to where you were"),
        Binding(
            "o",
            "show_tab('overview')",
            "Overview",
            id="client.overview",
            tooltip="Show the overview tab",
            priority=True,
        ),
        Binding(
            "t",
            "show_tab('transition')",
            "Plan",
            id="client.transition",
            tooltip="Show the transition plan and checklist",
            priority=True,
        ),
        Binding(
            "s",
            "show_tab('signoff')",
            "Sign-off",
            id="client.signoff",
            tooltip="Show roles and the final approval",
            priority=True,
        ),
        Binding(
            "N",
            "show_tab('notes')",
            "Notes",
            id="client.notes",
            tooltip="Show the knowledge-transfer notes",
            priority=True,
        ),
        Binding(
            "L",
            "show_tab('log')",
            "Log",
            id="client.log",
            tooltip="Show the communication log and plan",
            priority=True,
        ),
        Binding(
            "c",
            "show_tab('contacts')",
            "Contacts",
            id="client.contacts",
            tooltip="Show the contacts tab",
            priority=True,
        ),
        Binding(
            "Y",
            "show_tab('activity')",
            "Activity",
            id="client.activity",
            show=False,
            tooltip="Show who changed what on this client, and when",
            priority=True,
        ),
        Binding("e", "edit", "Edit client", id="client.edit", tooltip="Edit the client"),
        Binding(
            "x",
            "export_plan",
            "Export",
            id="client.export",
            tooltip="Write the transition plan document (.md, or .html to print)",
            priority=True,
        ),
        Binding(
            "h",
            "record_health",
            "Health",
            id="client.health",
            tooltip="Record satisfaction, revenue and renewal outcome on a date",
            priority=True,
        ),
        Binding(
            "W",
            "assess_complexity",
            "Complexity",
            id="client.complexity",
            show=False,
            tooltip="Assess how demanding the client is: its weight against capacity",
            priority=True,
        ),
        Binding(
            "A",
            "choose_alternative",
            "Alternative",
            id="client.alternative",
            show=False,
            tooltip="Record an alternative to a change of owner, with a review date",
            priority=True,
        ),
        Binding(
            "v",
            "reviewed",
            "Reviewed",
            id="client.reviewed",
            show=False,
            tooltip="Mark the open review of a chosen alternative as done",
        ),
        Binding(
            "T",
            "start_transition",
            "Plan handoff",
            id="client.start_transition",
            tooltip="Plan the handoff of this client to an incoming owner",
            priority=True,
        ),
        Binding(
            "a",
            "archive",
            "Archive",
            id="client.archive",
            show=False,
            tooltip="Archive this client, or restore it if archived",
        ),
        Binding(
            "I",
            "draft_intro",
            "Introduce",
            id="client.draft",
            tooltip="The e-mail introducing the incoming owner (and the handoff note)",
        ),
        Binding("q", "app.quit", "Quit", id="client.quit", show=False),
    ]

    # -- actions ---------------------------------------------------------------------------

    def action_back(self) -> None:
        self.app.pop_screen()

    @opens_screen
    async def action_show_tab(self, tab: str) -> None:
        """A tab's key: its pane is built and focused before the next key is taken."""
        if tab in PANES:
            await self._build(tab)
        self.show_tab(tab)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "edit" and self._pane_edits():
            return False  # the key goes on to the pane's own edit
        return super().check_action(action, parameters)

    def _pane_edits(self) -> bool:
        """Whether the pane in front edits its own rows (a binding id ending ".edit")."""
        focused = self.focused
        if focused is None:
            return False
        pane = next((n for n in focused.ancestors_with_self if isinstance(n, TabPane)), None)
        return pane is not None and any(
            isinstance(binding, Binding) and (binding.id or "").endswith(".edit")
            for base in type(pane).__mro__
            for binding in vars(base).get("BINDINGS", ())
        )

    @opens_screen
    def action_edit(self) -> Any:
        name = self.detail.client.name if self.detail else None
        return self.app.edit_client(self.client_id, name)

    @opens_screen
    def action_start_transition(self) -> Any:
        return self.app.start_transition(self.client_id)

    def _slug(self) -> str:
        name = self.detail.client.name if self.detail else f"client-{self.client_id}"
        return "-".join("".join(c if c.isalnum() else " " for c in name.lower()).split())

    @opens_screen
    def action_draft_intro(self) -> Any:
        from handover_tui.ui.screens.mail_draft import MailDraftScreen

        return self.app.push_screen(MailDraftScreen(self.client_id))

    @opens_screen
    def action_export_plan(self) -> Any:
        from handover_tui.services import identity
        from handover_tui.services.plan_document import plan_document

        client_id, today = self.client_id, self.app.current_date()

        def produce(db: Any, path: Path) -> str:
            fmt = "html" if path.suffix.lower() in (".html", ".htm") else "markdown"
            by = identity.current().signature
            text = plan_document(db, client_id, prepared_by=by, today=today, fmt=fmt)
            path.write_text(text, encoding="utf-8")
            return "the transition plan"

        return self.app.export_file(
            "Write the transition plan (.md, or .html to print) to",
            f"{self._slug()}-transition-plan.md",
            produce,
        )

    def action_export_contacts(self) -> None:
        from handover_tui.services import vcard

        client_id = self.client_id

        def produce(db: Any, path: Path) -> str:
            path.write_text(vcard.export_vcf(db, client_id), encoding="utf-8")
            return "the contacts"

        self.app.export_file("Export the contacts (vCard) to", f"{self._slug()}.vcf", produce)

    def action_import_contacts(self) -> None:
        from handover_tui.services import vcard

        client_id = self.client_id
        self.app.import_file(
            "Import contacts from vCard",
            "contacts.vcf",
            # The bytes: the service reads UTF-16 and the charsets of 8-bit vCard 2.1.
            lambda db, data, _progress: vcard.import_vcf(db, client_id, data),
        )

    @opens_screen
    def action_record_health(self) -> Any:
        from handover_tui.ui.screens.attention_forms import health_form

        def saved(snapshot: Any) -> None:
            if snapshot is not None:
                self.notify(f"Health recorded for {snapshot.taken_on.isoformat()}.")
                self.app.client_changed.publish(self.client_id)

        return self.app.push_screen(health_form(self.client_id, self.app.current_date()), saved)

    @opens_screen
    def action_assess_complexity(self) -> Any:
        from handover_tui.ui.screens.fit_forms import complexity_form

        def saved(client: Any) -> None:
            if client is not None:
                self.notify(f"{client.name} now weighs {client.complexity} of 5.")
                self.app.client_changed.publish(self.client_id)

        name = self.detail.client.name if self.detail else None
        return self.app.push_screen(complexity_form(self.client_id, name), saved)

    @opens_screen
    def action_choose_alternative(self) -> Any:
        from handover_tui.ui.screens.attention_forms import alternative_form

        def saved(chosen: Any) -> None:
            if chosen is not None:
                review = chosen.review_on.isoformat() if chosen.review_on else "no date"
                self.notify(f"Alternative recorded; its review ({review}) is on the agenda.")
                self.app.client_changed.publish(self.client_id)
                self.show_tab("overview")

        return self.app.push_screen(
            alternative_form(self.client_id, self.app.current_date()), saved
        )

    def action_reviewed(self) -> None:
        from handover_tui.services import transitions

        pending = [
            chosen
            for chosen in self.attention.alternatives
            if chosen.review_item_id is not None and chosen.reviewed_on is None
        ]
        if not pending:
            alternative = keymap.key(self.app, "client.alternative", "A")
            self.notify(
                f"No review is open. {alternative} records an alternative.", severity="warning"
            )
            return
        chosen = min(pending, key=lambda c: c.review_on or c.chosen_on)
        item_id, today = chosen.review_item_id or 0, self.app.current_date()

        def done(_item: Any) -> None:
            self.notify(f"Reviewed: {chosen.kind.label.lower()}.")
            self.app.client_changed.publish(self.client_id)

        run_db(
            self,
            lambda db: transitions.tick_item(db, item_id, today, done=True),
            done,
            group="client-write",
        )

    def action_archive(self) -> None:
        from handover_tui.services import clients

        if self.detail is None:
            return
        archived = self.detail.client.status == "archived"
        change = clients.unarchive_client if archived else clients.archive_client
        verb = "Restored" if archived else "Archived"
        client_id, name = self.client_id, self.detail.client.name

        def done(_client: Any) -> None:
            again = "archive it again" if archived else "restore it"
            archive = keymap.key(self.app, "client.archive", "a")
            self.notify(f"{verb} {name}. Press {archive} to {again}.")
            self.app.client_changed.publish(client_id)

        run_db(self, lambda db: change(db, client_id), done, group="client-write")

    def palette_commands(self) -> Iterable[SystemCommand]:
        yield SystemCommand("Edit this client", "Open the client form", self.action_edit)
        yield SystemCommand(
            "Plan a transition",
            "Hand this client to an incoming owner",
            self.action_start_transition,
        )
        for tab, title in (
            ("overview", "overview"),
            ("transition", "transition plan"),
            ("signoff", "sign-off"),
            ("notes", "notes"),
            ("log", "log"),
            ("contacts", "contacts"),
            ("activity", "activity"),
        ):
            yield SystemCommand(
                f"Show {title}",
                f"Switch to the {title} tab",
                lambda tab=tab: self.show_tab(tab),
            )
        yield SystemCommand(
            "Archive or restore this client", "Toggle archived", self.action_archive
        )
        yield SystemCommand(
            "Record client health", "Satisfaction, revenue, renewal", self.action_record_health
        )
        yield SystemCommand(
            "Assess the client's complexity",
            "Technical, organisation, geography, customisation: its weight",
            self.action_assess_complexity,
        )
        yield SystemCommand(
            "Choose an alternative to a change of owner",
            "Extra support, development, restructuring, lighter model, improvement plan",
            self.action_choose_alternative,
        )
        yield SystemCommand(
            "Mark the alternative's review done", "Tick its review item", self.action_reviewed
        )
        export = keymap.key(self.app, "client.export", "x")
        yield SystemCommand(
            "Export transition plan…",
            f"Markdown, or HTML to print ({export})",
            self.action_export_plan,
        )
        yield SystemCommand(
            "Export contacts as vCard…", "For an address book", self.action_export_contacts
        )
        yield SystemCommand(
            "Import contacts from vCard…",
            "3.0 or 4.0; same e-mail updates",
            self.action_import_contacts,
        )
        yield SystemCommand("Back", "Close this client", self.action_back)
        # A union, not their common base, so that mypy knows each has palette_commands.
        panes: tuple[
            type[ChecklistPane | SignOffPane | NotesPane | LogPane | ContactsPane], ...
        ] = (ChecklistPane, SignOffPane, NotesPane, LogPane, ContactsPane)
        for pane in panes:
            for built in self.query(pane):  # a tab not visited yet has none to offer
                yield from built.palette_commands()


__all__ = ["ClientScreen"]
