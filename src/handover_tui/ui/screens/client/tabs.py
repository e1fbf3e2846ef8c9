"""The client screen's tabs: each pane built on its first visit, what the overview
shows read and kept current, and the focus put where the tab's keys work."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import ContentSwitcher, Header, Static, TabbedContent, TabPane

from handover_tui.services.client_overview import Attention
from handover_tui.ui import keymap
from handover_tui.ui.background import run_db
from handover_tui.ui.format import status_text
from handover_tui.ui.guard import ReadOnlyGuard
from handover_tui.ui.messages import ClientKnown, FollowsClients, PlanChanged
from handover_tui.ui.screens.client.activity import ActivityPane
from handover_tui.ui.screens.client.checklist import ChecklistPane
from handover_tui.ui.screens.client.contacts import ContactsPane
from handover_tui.ui.screens.client.log import LogPane
from handover_tui.ui.screens.client.loose_ends import PlanPane
from handover_tui.ui.screens.client.notes import NotesPane
from handover_tui.ui.screens.client.overview import overview_renderable
from handover_tui.ui.screens.client.signoff import SignOffPane
from handover_tui.ui.widgets.footer import Footer

if TYPE_CHECKING:
    from handover_tui.services.clients import ClientDetail
    from handover_tui.services.transitions import PlanSummary, TransitionPlan


PANES: dict[str, tuple[str, Callable[[int], TabPane]]] = {
    "transition": ("Transition", PlanPane),
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


class ClientTabs(FollowsClients, ReadOnlyGuard, Screen):
    """A client's record in tabs, read and kept current; :class:`ClientScreen` adds the keys."""

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
        and the focus is not already in it (the "Reading the plan…" stand-in, now hidden,
        does not count)."""
        pane.show(plan)
        focused = self.focused
        settled = focused is not None and focused.display and pane in focused.ancestors_with_self
        if self.tab == pane.id and not settled:
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
