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


def status_text(value: str) -> Text:
    return Text(status_label(value), style=STATUS_STYLES.get(value, ""))
