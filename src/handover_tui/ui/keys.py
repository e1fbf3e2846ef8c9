"""Keys that open a screen or a form, and the keys typed right behind them.

Textual hands a key to the focused widget and runs an ordinary binding only once the
key has come back up through the widgets, so the key typed next is already on its way
to the old screen. A binding that opens a screen is therefore a priority binding: the
app runs it before it dispatches the next key, and its action waits until the new
screen is mounted and focused, so the next key finds that screen in front.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any, TypeVar

from textual.app import App
from textual.widgets import Input, TextArea

Action = TypeVar("Action", bound=Callable[..., Any])


def typing_in_field(app: App[Any]) -> bool:
    """Whether the focus is in a text field, where a letter is typed, not a command."""
    return isinstance(app.focused, Input | TextArea)


def opens_screen(action: Action) -> Action:
    """Mark an action bound with ``priority=True`` that opens a screen or a form.

    The action, when it returns the push's awaitable, waits for the new screen to be
    mounted before the app takes the next key. While the focus is in a text field the
    binding is held back (``ReadOnlyGuard.check_action`` asks :func:`held_back`), so
    the key is typed there; the command palette calls the action directly.
    """

    @functools.wraps(action)
    async def run(self: Any, *args: Any) -> None:
        opened = action(self, *args)
        if inspect.isawaitable(opened):
            await opened

    run.opens_screen = True  # type: ignore[attr-defined]
    return run  # type: ignore[return-value]


def held_back(node: Any, action: str) -> bool:
    """Whether ``node``'s ``action`` opens a screen while the user types in a field."""
    method = getattr(node, f"action_{action}", None)
    return bool(getattr(method, "opens_screen", False)) and typing_in_field(node.app)
