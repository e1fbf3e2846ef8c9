"""The user's ``[keys]`` table: which entries can be applied, and what is wrong with the rest.

Every binding has an id (``roster.new``); Textual's key map (``App.set_keymap``) swaps the
keys of the bindings named in it. A mistake is reported with the file, the line and the
id, and the binding keeps its default keys: a typo never leaves the app without a key.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from functools import cache
from typing import TYPE_CHECKING

from textual.binding import Binding
from textual.keys import KEY_NAME_REPLACEMENTS, KEY_TO_UNICODE_NAME, Keys

from handover_tui.config import Settings

if TYPE_CHECKING:
    from textual.app import App

MODIFIERS = frozenset({"ctrl", "alt", "shift", "meta", "super", "hyper"})


@cache
def _key_names() -> frozenset[str]:
    """Names of the keys that are not one character: ``escape``, ``f5``, ``question_mark``."""
    names = {key.value.rsplit("+", 1)[-1] for key in Keys if not key.value.startswith("<")}
    names.update(KEY_TO_UNICODE_NAME, KEY_NAME_REPLACEMENTS.values(), {"minus", "slash"})
    return frozenset(names)


def bad_key(key: str) -> bool:
    """True if ``key`` is not something a terminal can send: ``ctrl+n`` and ``?`` are fine,
    ``ctrl+`` and ``contrl+n`` are not."""
    key = key.strip()
    if len(key) == 1:
        return not key.isprintable() or key == ","
    *modifiers, name = key.split("+")
    if not name or len(set(modifiers)) != len(modifiers):
        return True
    if any(modifier not in MODIFIERS for modifier in modifiers):
        return True
    return not (len(name) == 1 and name.isprintable()) and name not in _key_names()


def _wrong_keys(keys: str) -> list[str]:
    """The keys of a ``[keys]`` entry that cannot be pressed, as the user wrote them."""
    return [key.strip() or "(empty)" for key in keys.split(",") if bad_key(key)]


def usable(settings: Settings) -> tuple[dict[str, str], list[str]]:
    """The entries of ``[keys]`` whose keys can be used, and a message for each other one."""
    keymap: dict[str, str] = {}
    problems: list[str] = []
    for binding_id, keys in settings.keys.items():
        wrong = _wrong_keys(keys)
        if wrong:
            listed = ", ".join(f"'{key}'" for key in wrong)
            problems.append(
                settings.problem_at(
                    "keys",
                    binding_id,
                    f"has a key that cannot be pressed ({listed}); write keys like "
                    '"a", "ctrl+n", "f5" or "question_mark". Using the default.',
                )
            )
        else:
            keymap[binding_id] = keys
    return keymap, problems


@cache
def known_binding_ids() -> frozenset[str]:
    """Every binding id in the app, read from the ``BINDINGS`` of every UI class.

    Imports every UI module: call it off the UI thread, and only when there is a key map.
    """
    import handover_tui.ui as ui

    ids: set[str] = set()
    for module_info in pkgutil.walk_packages(ui.__path__, f"{ui.__name__}."):
        module = importlib.import_module(module_info.name)
        for _name, kind in inspect.getmembers(module, inspect.isclass):
            for binding in kind.__dict__.get("BINDINGS", []):
                if isinstance(binding, Binding) and binding.id:
                    ids.add(binding.id)
    return frozenset(ids)


def unknown(settings: Settings, known: frozenset[str]) -> list[str]:
    """A message for each id in ``[keys]`` that names no binding (a typo, or a removed key)."""
    return [
        settings.problem_at(
            "keys",
            binding_id,
            "is not a key binding id (the help screen, ?, lists them); ignored.",
        )
        for binding_id in settings.keys
        if binding_id not in known
    ]


def apply(app: App, settings: Settings) -> None:
    """Use the ``[keys]`` table: good entries now, a warning toast for each mistake.

    Ids are checked in a thread, as that imports every screen: only with a key map.
    """
    keymap, problems = usable(settings)
    if keymap:
        app.set_keymap(keymap)
    for problem in problems:
        app.notify(problem, title="Key map", severity="warning", timeout=15)
    if not settings.keys:
        return

    def check_ids() -> None:
        for problem in unknown(settings, known_binding_ids()):
            app.call_from_thread(
                app.notify, problem, title="Key map", severity="warning", timeout=15
            )

    app.run_worker(check_ids, thread=True, group="settings", exit_on_error=False)


def key(app: App, binding_id: str, default: str) -> str:
    """The key a message should tell the user to press for ``binding_id``: their own if
    ``[keys]`` moved it (the first, when there are several), shown as the footer shows it;
    else ``default``, word for word. A hint naming a key that does nothing would be worse
    than none; the default as written keeps "press escape" from turning into "press esc".

    The moved keys are read from the app's ``settings``, the entries ``apply`` gave to
    ``set_keymap``: Textual has no public way to read its key map back.
    """
    settings = getattr(app, "settings", None)
    keys = settings.keys.get(binding_id) if isinstance(settings, Settings) else None
    if keys and _wrong_keys(keys):
        keys = None  # not applied: the binding kept its default keys
    first = keys.split(",")[0].strip() if keys else ""
    return app.get_key_display(Binding(first, "")) if first else default
