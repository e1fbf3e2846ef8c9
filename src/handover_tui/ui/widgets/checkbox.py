"""A checkbox whose box is empty when off: Textual's shows an X either way, dimmed when off."""

from __future__ import annotations

from textual.content import ContentText
from textual.widgets import Checkbox

ON = "X"
OFF = " "


class StateCheckbox(Checkbox):
    """A :class:`~textual.widgets.Checkbox` that draws ``X`` when on and a blank when off."""

    def __init__(
        self, label: ContentText = "", value: bool = False, *, id: str | None = None
    ) -> None:
        super().__init__(label, value, id=id, compact=True)
        self.BUTTON_INNER = ON if value else OFF

    def watch_value(self) -> None:
        super().watch_value()
        self.BUTTON_INNER = ON if self.value else OFF
        self.refresh()
