"""Control characters: which ones text may hold, and how text is shown on a terminal.

Text from a file, a colleague or another program may carry C0 or C1 control characters;
on a terminal ``ESC ] 2 ;`` retitles the window, ``ESC [ 2 J`` clears it and ``ESC ] 52``
replaces the clipboard. Input refuses them (:func:`control_in`); anything shown on a
terminal goes through :func:`terminal_text`, which makes each one visible instead.
"""

from __future__ import annotations

import re

# C0 (U+0000-U+001F), DEL and C1 (U+0080-U+009F): every character a terminal may act on.
_CONTROL_CODES = [*range(0x20), 0x7F, *range(0x80, 0xA0)]


def _picture(code: int) -> str:
    """``␛`` for ESC (Unicode's control pictures), ``�`` for a C1 code, which has none.

    One character for one: a styled text keeps its styles where they were.
    """
    if code < 0x20:
        return chr(0x2400 + code)
    if code == 0x7F:
        return "\u2421"  # ␡
    return "\ufffd"


_SHOWN_IN_LINE = {code: _picture(code) for code in _CONTROL_CODES}
_SHOWN_IN_BLOCK = {code: shown for code, shown in _SHOWN_IN_LINE.items() if code not in (9, 10)}
_CONTROL_IN_LINE = re.compile("[\x00-\x1f\x7f-\x9f]")
_CONTROL_IN_BLOCK = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# In a line, a line break or tab becomes a space, so the words on either side stay apart.
_DROPPED_IN_LINE = {code: " " if code in (9, 10, 11, 12, 13) else None for code in _CONTROL_CODES}
_DROPPED_IN_BLOCK = {code: None for code in _CONTROL_CODES if code not in (9, 10)}


def terminal_text(text: str, *, multiline: bool = False) -> str:
    """``text`` safe to print: every control character shown as a visible picture.

    With ``multiline``, newline and tab are kept as they are (a note's body, a document
    written to a terminal); otherwise they are shown too, so one value stays one line.
    """
    if not text:
        return text
    return text.translate(_SHOWN_IN_BLOCK if multiline else _SHOWN_IN_LINE)


def control_in(text: str, *, multiline: bool = False) -> str | None:
    """The first control character ``text`` may not hold, shown visibly; None if none.

    A line (a name, a title, an e-mail address) holds none at all; a block (a note's
    body, an overview) may hold newlines and tabs.
    """
    found = (_CONTROL_IN_BLOCK if multiline else _CONTROL_IN_LINE).search(text)
    return None if found is None else _picture(ord(found.group()))


def without_controls(text: str, *, multiline: bool = False) -> str:
    """``text`` with the control characters it may not hold removed (for imports); in a
    line, a line break or tab becomes a space.

    In a block, a carriage return before a newline goes and a lone one becomes a newline,
    so text written on Windows or an old Mac keeps its lines.
    """
    if multiline:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        return text.translate(_DROPPED_IN_BLOCK)
    return text.translate(_DROPPED_IN_LINE)


_C1 = re.compile("[\x7f-\x9f]")


def json_escaped(text: str) -> str:
    """JSON text with DEL and C1 characters escaped as ``\\u00XX`` too.

    ``json.dumps(..., ensure_ascii=False)`` escapes C0 itself but lets DEL and C1 through,
    and a terminal acts on C1 (U+009B is CSI). Escaping them keeps the JSON equal.
    """
    return _C1.sub(lambda match: f"\\u{ord(match.group()):04x}", text)
