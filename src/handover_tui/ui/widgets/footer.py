"""The footer every screen shows: its keys, with the help key always in sight."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import HorizontalGroup
from textual.widget import Widget
from textual.widgets import Footer as TextualFooter

HELP_ACTION = "help"


class Footer(TextualFooter):
    """Textual's footer with the help key pinned on the right beside the palette's: the
    keys that do not fit are cut off at the right (at 80 columns the roster shows eight
    of its keys), and the help screen is where the others are found."""

    DEFAULT_CSS = """
    Footer HorizontalGroup.-pinned {
        dock: right;
        width: auto;
        height: 1;
    }
    Footer HorizontalGroup.-pinned FooterKey {
        padding-right: 1;
        border-left: vkey $foreground 20%;
    }
    """

    def compose(self) -> ComposeResult:
        # A key is told by its ``action``: Textual does not export its FooterKey class.
        pinned: list[Widget] = []
        for widget in super().compose():
            action = getattr(widget, "action", None)
            if action == HELP_ACTION:
                pinned.insert(0, widget)
            elif action is not None and widget.has_class("-command-palette"):
                widget.remove_class("-command-palette")  # docked by the group instead
                pinned.append(widget)
            else:
                yield widget
        if pinned:
            with HorizontalGroup(classes="-pinned"):
                yield from pinned
