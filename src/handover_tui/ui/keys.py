"""Keys that open a screen or a form, and the keys typed right behind them.

Textual hands a key to the focused widget and runs an ordinary binding only once the
key has come back up through the widgets, so the key typed next is already on its way
to the old screen. A binding that opens a screen is therefore a priority binding: the
app runs it before it dispatches the next key, and its action waits until the new
screen is mounted and focused, so the next key finds that screen in front.
"""

from __future__ import annotations

import dataclasses
import functools
import inspect
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from textual.app import App
from textual.binding import Binding
from textual.keys import KEY_TO_UNICODE_NAME
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


def character_key(key: str) -> bool:
    """Whether ``key`` types a character in a text field: ``a``, ``space``, ``slash``."""
    return len(key) == 1 or key in ("space", "slash", "asterisk") or key in KEY_TO_UNICODE_NAME


def in_typed_order(bindings: Iterable[Any], ordinary: frozenset[str] = frozenset()) -> list[Any]:
    """``bindings`` with every command on a character key made a priority binding.

    An ordinary binding runs only once its key has travelled up from the focused widget,
    so a command typed before an opener (``space`` then ``b``) would run after it, on
    the screen the opener pushed. As priority bindings they run in the order typed;
    :func:`held_back` lets their keys be typed in a field. The app's actions stay.
    """
    ordered = []
    for binding in bindings:
        if (
            isinstance(binding, Binding)
            and not binding.priority
            and not binding.action.startswith("app.")
            and all(character_key(key.strip()) for key in binding.key.split(","))
        ):
            binding = dataclasses.replace(binding, priority=True)
        ordered.append(binding)
    return ordered


def action_name(action: str) -> str:
    """``move`` for ``move(-1)``: the name ``check_action`` is asked about."""
    return action.split("(", 1)[0]


def priority_actions(kind: type) -> frozenset[str]:
    """The actions a class (with its bases) binds with priority."""
    return frozenset(
        action_name(binding.action)
        for base in kind.__mro__
        for binding in vars(base).get("BINDINGS", ())
        if isinstance(binding, Binding) and binding.priority
    )


def held_back(node: Any, action: str) -> bool:
    """Whether ``node``'s ``action`` is a priority command while the user types in a
    field: the key is then typed there instead."""
    if not typing_in_field(node.app):
        return False
    method = getattr(node, f"action_{action}", None)
    return bool(getattr(method, "opens_screen", False)) or action in priority_actions(type(node))
