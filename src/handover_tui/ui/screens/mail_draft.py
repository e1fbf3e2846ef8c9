"""An e-mail draft of a handoff on screen: the introduction of the incoming owner to the
client, or the handoff note to the incoming owner (``services.mail_drafts``).

From here the draft goes on in the user's own tools: ``e`` opens it in $EDITOR, ``c``
copies its body through the terminal (OSC 52), ``w`` writes it as an ``.eml`` file to open
in a mail client, ``m`` logs the introduction as sent today, and ``n`` switches between
the two drafts.
"""

from __future__ import annotations

from datetime import datetime
from email import message_from_string, policy
from pathlib import Path
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from handover_tui.ui.background import run_db
from handover_tui.ui.clipboard import copy_text
from handover_tui.ui.widgets.footer import Footer

SHOWN_HEADERS = ("From", "To", "Cc", "Subject")
TITLES = {"intro": "Introduction to the client", "handoff": "Handoff note to the incoming owner"}


class MailDraftScreen(ModalScreen[None]):
    """The draft as it will be sent: headers, then the body."""

    DEFAULT_CSS = """
    MailDraftScreen {
        align: center middle;
    }
    MailDraftScreen > VerticalScroll {
        width: 100;
        max-width: 100%;
        height: 1fr;
        max-height: 100%;
        border: thick $primary;
        background: $surface;
        padding: 0 1;
    }
    MailDraftScreen #mail-title {
        text-style: bold;
        padding: 0 0 1 0;
    }
    """

    BINDINGS = [
        Binding("escape", "dismiss", "Close", id="mail.close"),
        Binding("e", "edit", "Edit", id="mail.edit", tooltip="Open the draft in $EDITOR"),
        Binding("c", "copy", "Copy", id="mail.copy", tooltip="Copy the body (OSC 52)"),
        Binding("w", "write", "Write .eml", id="mail.write", tooltip="Write it to a file"),
        Binding(
            "m",
            "mark_sent",
            "Mark sent",
            id="mail.sent",
            tooltip="Log the introduction as sent today",
        ),
        Binding(
            "n",
            "switch",
            "Other draft",
            id="mail.switch",
            tooltip="Switch between the introduction and the handoff note",
        ),
    ]

    def __init__(self, client_id: int, kind: str = "intro") -> None:
        super().__init__()
        self.client_id = client_id
        self.kind = kind
        self.text: str | None = None
        """The message (.eml text) once it is made, as edited."""
        self.recipients = ""
        self.client = ""

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(TITLES.get(self.kind, "E-mail draft"), id="mail-title")
            yield Static(Text("Writing the draft…", style="italic"), id="mail-text")
        yield Footer()

    def on_mount(self) -> None:
        self._load()

    def action_switch(self) -> None:
        self.kind = "handoff" if self.kind == "intro" else "intro"
        self.text = None
        self.query_one("#mail-title", Static).update(TITLES[self.kind])
        self.query_one("#mail-text", Static).update(Text("Writing the draft…", style="italic"))
        self._load()

    def _load(self) -> None:
        from handover_tui.services import mail_drafts

        client_id, today = self.client_id, self.app.current_date()  # type: ignore[attr-defined]
        now = datetime.now().astimezone()
        make = mail_drafts.intro_draft if self.kind == "intro" else mail_drafts.handoff_draft
        run_db(
            self,
            lambda db: make(db, client_id, today=today, now=now),
            self._made,
            failed=self._refused,
            group="mail-draft",
            exclusive=True,
        )

    def _made(self, draft: Any) -> None:
        self.client = draft.client
        self.recipients = ", ".join(draft.recipients)
        self._show(draft.text)

    def _refused(self, error: BaseException) -> None:
        from handover_tui.services.errors import explain

        message = Text(f"No draft: {explain(error)}", style="bold")
        self.query_one("#mail-text", Static).update(message)

    def _show(self, text: str) -> None:
        """Keep the message; show who it is from and to, the subject and the body (the
        date and the MIME headers are the file's business)."""
        self.text = text
        message = message_from_string(text, policy=policy.default)
        shown = Text()
        for name in SHOWN_HEADERS:
            value = message.get(name)
            if value is not None:
                shown.append(f"{name}: ", style="bold")
                shown.append(f"{value}\n")
        shown.append("\n")
        shown.append(self.body())
        self.query_one("#mail-text", Static).update(shown)

    def _ready(self) -> str | None:
        if self.text is None:
            self.notify("There is no draft to use yet.", severity="warning")
        return self.text

    def body(self) -> str:
        """The body of the draft as it stands (after any edit)."""
        text = self._ready() or ""
        message = message_from_string(text, policy=policy.default)
        content = message.get_content() if not message.is_multipart() else text
        return str(content).replace("\r\n", "\n")

    def action_copy(self) -> None:
        if self._ready() is not None:
            copy_text(self, self.body(), f"the body of the {self.kind} draft")

    def action_edit(self) -> None:
        from handover_tui.ui.editor import edit_text

        text = self._ready()
        if text is None:
            return
        if self.app.is_headless:  # no terminal to hand over (tests)
            edited = edit_text(text, suffix=".eml")
        else:
            from textual.app import SuspendNotSupported

            try:
                with self.app.suspend():
                    edited = edit_text(text, suffix=".eml")
            except SuspendNotSupported:  # a browser tab has no terminal
                self.notify(
                    "An external editor needs a terminal: press c to copy the body.",
                    severity="warning",
                )
                return
        if edited.text is None:
            self.notify(edited.message.replace("note", "draft"), severity="warning")
            return
        self._show(edited.text)

    def action_write(self) -> None:
        text = self._ready()
        if text is None:
            return
        slug = "-".join("".join(c if c.isalnum() else " " for c in self.client.lower()).split())

        def produce(db: Any, path: Path) -> str:
            path.write_text(text, encoding="utf-8", newline="")
            return f"the {self.kind} draft"

        self.app.export_file(  # type: ignore[attr-defined]
            "Write the draft (.eml, opens in any mail client) to",
            f"{slug or 'client'}-{self.kind}.eml",
            produce,
        )

    def action_mark_sent(self) -> None:
        from handover_tui.services import mail_drafts

        if self.kind != "intro":
            self.notify("Only the introduction is logged as sent.", severity="warning")
            return
        if self._ready() is None:
            return
        client_id, today = self.client_id, self.app.current_date()  # type: ignore[attr-defined]
        recipients = self.recipients

        def logged(_row: Any) -> None:
            self.notify(f"Logged the introduction to {self.client} on {today}.", title="Sent")
            self.app.client_changed.publish(client_id)  # type: ignore[attr-defined]

        run_db(
            self,
            lambda db: mail_drafts.mark_intro_sent(db, client_id, on=today, recipients=recipients),
            logged,
            group="mail-sent",
        )
