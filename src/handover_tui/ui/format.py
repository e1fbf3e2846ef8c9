"""Rich renderings of domain values, styled with theme-neutral styles."""

from __future__ import annotations

from rich.text import Text

from handover_tui.domain.formatting import status_label

STATUS_STYLES = {
    "active": "",
    "transition_planned": "bold",
    "in_transition": "bold",
    "post_transition": "italic",
    "handed_off": "dim",
    "archived": "dim strike",
}


def status_text(value: str, *, short: bool = False) -> Text:
    return Text(status_label(value, short=short), style=STATUS_STYLES.get(value, ""))
