"""An option list that moves like every other list in the app: j/k/g/G as in vim."""

from __future__ import annotations

from rich.style import Style
from textual.binding import Binding
from textual.strip import Strip
from textual.widgets import OptionList

REVERSE = Style(reverse=True)


class VimOptionList(OptionList):
    """``OptionList`` with the list keys of :class:`RecordTable` (same ids, one key map).

    With ``NO_COLOR`` the highlighted option is drawn in reverse: Textual's option styles
    carry colours and bold but not reverse (``text-style: reverse`` in CSS is dropped by
    ``get_visual_style``), and colours are dropped.
    """

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False, id="list.down"),
        Binding("k", "cursor_up", "Up", show=False, id="list.up"),
        Binding("g", "first", "First", show=False, id="list.first"),
        Binding("G", "last", "Last", show=False, id="list.last"),
    ]

    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        if not self.app.no_color or self.highlighted is None:
            return strip
        # OptionList tags each line's segments with the index of its option (for the mouse).
        option_index = next(
            (
                segment.style.meta["option"]
                for segment in strip
                if segment.style is not None and "option" in segment.style.meta
            ),
            None,
        )
        return strip.apply_style(REVERSE) if option_index == self.highlighted else strip
