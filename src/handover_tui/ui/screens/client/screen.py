"""One client, in tabs: overview, transition (plan and checklist), sign-off, contacts."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import ContentSwitcher, Header, Static, TabbedContent, TabPane

from handover_tui.services.client_overview import Attention
from handover_tui.ui import keymap
from handover_tui.ui.background import run_db
from handover_tui.ui.format import status_text
from handover_tui.ui.guard import ReadOnlyGuard
from handover_tui.ui.keys import opens_screen
from handover_tui.ui.messages import ClientKnown, FollowsClients, PlanChanged
from handover_tui.ui.screens.client.activity import ActivityPane
from handover_tui.ui.screens.client.checklist import ChecklistPane
from handover_tui.ui.screens.client.contacts import ContactsPane
from handover_tui.ui.screens.client.log import LogPane
from handover_tui.ui.screens.client.notes import NotesPane
from handover_tui.ui.screens.client.overview import overview_renderable
from handover_tui.ui.screens.client.signoff import SignOffPane
from handover_tui.ui.widgets.footer import Footer

if TYPE_CHECKING:
    from handover_tui.services.clients import ClientDetail
    from handover_tui.services.transitions import PlanSummary, TransitionPlan

PANES: dict[str, tuple[str, Callable[[int], TabPane]]] = {
    "transition": ("Transition", ChecklistPane),
    "signoff": ("Sign-off", SignOffPane),
    "notes": ("Notes", NotesPane),
    "log": ("Log", LogPane),
    "contacts": ("Contacts", ContactsPane),
    "activity": ("Activity", ActivityPane),
}
"""Every tab but the overview: its title and its pane, built when first shown."""
TABS = ("overview", *PANES)


class KeysFooter(Footer):
    """The footer, redrawn only when the keys it shows change: Textual's own rebuilds
    every key on each focus move or binding refresh (several while a client opens).

    ``Footer.bindings_changed`` marks the keys ready and asks for a ``recompose``; this
    one skips the recompose when the keys are the ones on show.
    """

    def __init__(self) -> None:
        super().__init__()
        self._shown: tuple[Any, ...] | None = None

    def _keys(self) -> tuple[Any, ...]:
        return tuple(
            (binding.key, binding.action, binding.description, enabled, tooltip, binding.show)
            for _node, binding, enabled, tooltip in self.screen.active_bindings.values()
        )

    async def recompose(self) -> None:
        if not self.is_attached:
            return  # the screen closed meanwhile
        keys = self._keys()
        if keys != self._shown:
            self._shown = keys
            await super().recompose()


class ClientScreen(FollowsClients, ReadOnlyGuard, Screen):
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

    def __init__(
        self, client_id: int, tab: str = "overview", known: ClientKnown | None = None
    ) -> None:
        """``known`` (the roster's row) is in the first frame; the screen reads the
        rest of the client in a worker."""
        super().__init__()
        self.client_id = client_id
        self.known = known
        self.initial_tab = tab if tab in TABS else "overview"
        self.detail: ClientDetail | None = None
        self.plan: TransitionPlan | PlanSummary | None = None
        self.attention = Attention()
        self.built: set[str] = {"overview"}
        """Tabs whose pane is mounted; the others are empty until first shown."""

    def compose(self) -> ComposeResult:
        yield Header()
        with TabbedContent(initial=self.initial_tab):
            with TabPane("Overview", id="overview"), VerticalScroll(id="overview-scroll"):
                yield Static(self._known_text(), id="overview-body")
            for tab, (title, make) in PANES.items():
                if tab == self.initial_tab:
                    self.built.add(tab)
                    yield make(self.client_id)
                else:  # composed and read on its first visit (opening stays quick)
                    yield TabPane(title, id=tab)
        yield KeysFooter()

    def _known_text(self) -> Text:
        """What the first frame shows before the record is in: name, status, a note."""
        if self.known is None:
            return Text("Reading…", style="italic")
        return Text.assemble(
            ("Name  ", "bold"),
            self.known.name,
            "\n",
            ("Status  ", "bold"),
            status_text(self.known.status),
            "\n\n",
            ("Reading…", "italic"),
        )

    def on_mount(self) -> None:
        self.sub_title = "Client"
        if self.known is not None:
            self.title = self.known.name
        self.follow_clients(self._client_changed)
        self.load()

    def _client_changed(self, client_id: int) -> None:
        if client_id == self.client_id:
            self.load()

    @on(PlanChanged)
    def _plan_changed(self, event: PlanChanged) -> None:
        """One tab changed the plan: the others, the overview and the roster follow."""
        event.stop()
        if event.plan is None:
            self.app.client_changed.publish(self.client_id)  # reloads this screen too
            return
        self.plan = event.plan
        if self.detail is not None:
            self._show_overview()
        if "signoff" in self.built:
            self.query_one(SignOffPane).show(event.plan)
        self._load_attention()  # ticks and dates move the signals

    @property
    def tab(self) -> str:
        return self.query_one(TabbedContent).active

    def load(self) -> None:
        """Read what the overview shows (the client, its plan's summary, its signals) and
        show it; every tab built so far reads its own records again."""
        from handover_tui.services.client_overview import read_overview

        client_id, today, limits = self.client_id, self.app.current_date(), self._limits()
        run_db(
            self,
            lambda db: read_overview(db, client_id, today, limits),
            lambda read: self._show(read.detail, read.plan, read.attention),
            group="client",
            exclusive=True,
            failed=self._not_read,
        )
        for tab in self.built - {"overview"}:
            self._load_tab(tab)

    def _not_read(self, error: BaseException) -> None:
        """The client could not be read (gone, or the database away): say so in place."""
        self.app.show_error(error)
        if self.detail is None:
            back = keymap.key(self.app, "client.back", "esc")
            self.query_one("#overview-body", Static).update(
                Text(f"This client could not be read. Press {back} to go back.", style="italic")
            )

    def _load_tab(self, tab: str) -> None:
        """Have one built tab read its records (in a worker) and show them."""
        pane = self.query_one(f"#{tab}", TabPane)
        if isinstance(pane, SignOffPane):
            known = [p.plan for p in self.query(ChecklistPane) if p.plan is not None]
            if known and pane.plan is None:
                self._show_plan(pane, known[0])  # the plan tab has it: keys work at once
            self._load_plan(pane)
        elif isinstance(pane, ChecklistPane):
            self._load_plan(pane)
        elif isinstance(pane, ActivityPane | ContactsPane | LogPane | NotesPane):
            pane.load()  # the activity tab reads only while it is shown

    def _load_plan(self, pane: ChecklistPane | SignOffPane) -> None:
        from handover_tui.services import transitions

        client_id = self.client_id
        run_db(
            self,
            lambda db: transitions.plan_for_client(db, client_id),
            lambda plan: self._show_plan(pane, plan),
            group=f"client-{pane.id}",
            exclusive=True,
        )

    def _show_plan(self, pane: ChecklistPane | SignOffPane, plan: TransitionPlan | None) -> None:
        """Show the plan; its table is hidden until then, so focus it now if it is shown
        and the focus is not already in it."""
        pane.show(plan)
        focused = self.focused
        if self.tab == pane.id and (focused is None or pane not in focused.ancestors_with_self):
            self._focus_tab(pane.id or "")

    async def _build(self, tab: str) -> None:
        """Put the tab's real pane in place of its empty one, then read its records."""
        if tab in self.built or tab not in PANES:
            return
        self.built.add(tab)
        switcher = self.query_one(TabbedContent).get_child_by_type(ContentSwitcher)
        empty = switcher.get_child_by_id(tab)
        index = switcher.children.index(empty)
        pane = PANES[tab][1](self.client_id)
        pane.display = switcher.current == tab
        await empty.remove()
        before = index if index < len(switcher.children) else None
        await switcher.mount(pane, before=before)
        self._load_tab(tab)
        if self.tab == tab:
            self._focus_tab(tab)

    def _load_attention(self) -> None:
        def show(attention: Attention) -> None:
            self.attention = attention
            self._show_overview()

        from handover_tui.services.client_overview import read_attention

        client_id, today, limits = self.client_id, self.app.current_date(), self._limits()
        run_db(
            self,
            lambda db: read_attention(db, client_id, today, limits),
            show,
            group="client-attention",
            exclusive=True,
        )

    def _limits(self) -> Any:
        """The user's own signal thresholds (``[signals]`` in the config file)."""
        return self.app.settings.thresholds()

    def _show_overview(self) -> None:
        if self.detail is None:
            return
        self.query_one("#overview-body", Static).update(
            overview_renderable(
                self.detail,
                self.plan,
                self.app.current_date(),
                self.attention,
                partial(keymap.key, self.app),
            )
        )

    def _show(
        self,
        detail: ClientDetail,
        plan: PlanSummary | None,
        attention: Attention,
    ) -> None:
        first = self.detail is None
        self.detail = detail
        self.plan = plan
        self.attention = attention
        self.title = detail.client.name
        self._show_overview()
        if first:  # a reload (another session saved) leaves the focus where it is
            self._focus_tab(self.tab)

    def _focus_tab(self, tab: str) -> None:
        """Focus the tab's list, or while it is hidden (the plan still being read, or
        none) the line standing in for it, so the tab's keys work at once."""
        if tab not in self.built:
            return  # _build focuses it once it is there
        targets = {
            "overview": ("#overview-scroll",),
            "transition": ("#checklist", "#plan-empty"),
            "signoff": ("#signoffs", "#signoff-empty"),
            "notes": ("#notes-table",),
            "log": ("#log-table",),
            "contacts": ("#contacts-table",),
            "activity": ("#activity-table",),
        }[tab]
        for target in targets:
            widget = self.query_one(target)
            if widget.display and widget.focusable:
                self.set_focus(widget)  # now: the next key is on its way
                return

    # -- actions ---------------------------------------------------------------------------

    def action_back(self) -> None:
        self.app.pop_screen()

    @opens_screen
    async def action_show_tab(self, tab: str) -> None:
        """A tab's key: its pane is built and focused before the next key is taken."""
        if tab in PANES:
            await self._build(tab)
        self.show_tab(tab)

    def show_tab(self, tab: str) -> None:
        """Switch to ``tab``; a pane not built yet is built, then focused, soon after."""
        self.query_one(TabbedContent).active = tab
        self._focus_tab(tab)

    @on(TabbedContent.TabActivated)
    async def _tab_changed(self, event: TabbedContent.TabActivated) -> None:
        tab = event.pane.id
        if tab in self.built:
            self._focus_tab(tab)
        elif tab in PANES:
            await self._build(tab)

    def action_edit(self) -> None:
        self.app.edit_client(self.client_id, self.detail.client.name if self.detail else None)

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
