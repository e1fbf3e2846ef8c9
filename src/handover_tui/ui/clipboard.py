"""Copy a contact's address or a note's text through the terminal (OSC 52).

Works over SSH and inside tmux (with ``set-clipboard on``): the terminal, not this
machine, owns the clipboard. The toast says exactly what was copied.
"""

from __future__ import annotations

from textual.widget import Widget


def copy_reach(node: Widget, name: str, email: str, phone: str) -> None:
    """Copy ``email``, or ``phone`` when there is no e-mail address; say which."""
    if email.strip():
        value, what = email.strip(), "e-mail address"
    elif phone.strip():
        value, what = phone.strip(), "phone number"
    else:
        node.notify(f"{name} has no e-mail address or phone number to copy.", severity="warning")
        return
    node.app.copy_to_clipboard(value)
    node.notify(f"Copied {name}'s {what}, {value}.", title="Copied")


def copy_text(node: Widget, text: str, what: str) -> None:
    """Copy ``text`` and say what it was (``what``: "the text of the note …")."""
    node.app.copy_to_clipboard(text)
    node.notify(f"Copied {what}.", title="Copied")
