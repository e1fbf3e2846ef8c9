"""The app uses Textual's public API only: no private module of Textual is imported, and no
name with a leading underscore that Textual defines is read, set or overridden."""

from __future__ import annotations

import ast
import importlib
import inspect
import re
from functools import cache
from pathlib import Path

import textual

import handover_tui

SOURCE = Path(handover_tui.__file__).parent
TEXTUAL = Path(textual.__file__).parent

ALLOWED: set[tuple[str, str]] = set()
"""Nothing from Textual with a leading underscore, anywhere in the package."""
NAMEDTUPLE_API = {"_replace", "_fields", "_asdict", "_make", "_field_defaults"}
"""Public despite the underscore: ``ActiveBinding`` and our rows are named tuples."""


def private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def defined_names(tree: ast.AST) -> set[str]:
    """Private names a tree defines: methods, class attributes and ``self._x = ...``."""
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            names.add(node.name)
        elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
            names.add(node.attr)
        elif isinstance(node, ast.ClassDef):
            for statement in node.body:
                targets = (
                    statement.targets
                    if isinstance(statement, ast.Assign)
                    else [statement.target]
                    if isinstance(statement, ast.AnnAssign)
                    else []
                )
                names.update(t.id for t in targets if isinstance(t, ast.Name))
    return {name for name in names if private(name)}


@cache
def textual_private_names() -> frozenset[str]:
    names: set[str] = set()
    for path in TEXTUAL.rglob("*.py"):
        names |= defined_names(ast.parse(path.read_text(encoding="utf-8")))
    return frozenset(names)


def sources() -> list[tuple[str, ast.Module]]:
    return [
        (path.relative_to(SOURCE).as_posix(), ast.parse(path.read_text(encoding="utf-8")))
        for path in sorted(SOURCE.rglob("*.py"))
    ]


def is_self(node: ast.expr) -> bool:
    """``self``, ``cls`` or ``super()``: the receiver is the class being defined."""
    if isinstance(node, ast.Name):
        return node.id in ("self", "cls")
    return (
        isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "super"
    )


def private_module(module: str) -> bool:
    parts = module.split(".")
    return parts[0] == "textual" and any(private(part) for part in parts)


def private_textual_imports(tree: ast.Module) -> list[str]:
    """``textual.widgets._footer``, or ``from textual.widgets import _footer``."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            modules = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            modules = [node.module]
            if not private_module(node.module):
                modules += [f"{node.module}.{alias.name}" for alias in node.names]
        else:
            continue
        found += [f"line {node.lineno}: {module}" for module in modules if private_module(module)]
    return found


@cache
def source_of(cls: type) -> str:
    try:
        return inspect.getsource(cls)
    except (OSError, TypeError):
        return ""


def textual_members(cls: type, name: str) -> bool:
    """True if a Textual class among ``cls``'s bases defines ``name``."""
    return any(
        name in vars(base) or re.search(rf"self\.{re.escape(name)}\b", source_of(base))
        for base in cls.__mro__
        if base.__module__.startswith("textual")
    )


def module_of(where: str) -> dict[str, object]:
    """The names a UI module defines, by importing it; Textual is subclassed only there
    (and importing ``__main__`` or a migration would run it)."""
    if not where.startswith("ui/"):
        return {}
    name = where.removesuffix(".py").removesuffix("/__init__").replace("/", ".")
    return vars(importlib.import_module(f"handover_tui.{name}"))


def private_uses(where: str, tree: ast.Module, namespace: dict[str, object]) -> list[str]:
    """Textual's private names used in one file, as "line N: name"."""
    ours = defined_names(tree)
    other_modules = {  # os._exit is not Textual's
        alias.asname or alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
        if not alias.name.startswith("textual")
    }
    found = []
    for node in ast.walk(tree):
        # Through another object (app._keymap): a name Textual has and this file does not.
        if (
            isinstance(node, ast.Attribute)
            and private(node.attr)
            and not is_self(node.value)
            and not (isinstance(node.value, ast.Name) and node.value.id in other_modules)
            and node.attr in textual_private_names()
            and node.attr not in ours | NAMEDTUPLE_API
        ):
            found.append((node.lineno, node.attr))
        # In a subclass of a Textual class: what its Textual bases define (self._lines,
        # def _on_click, super()._check_bindings).
        if isinstance(node, ast.ClassDef) and inspect.isclass(cls := namespace.get(node.name)):
            for inner in ast.walk(node):
                if isinstance(inner, ast.FunctionDef | ast.AsyncFunctionDef):
                    name = inner.name
                elif isinstance(inner, ast.Attribute) and is_self(inner.value):
                    name = inner.attr
                else:
                    continue
                if private(name) and textual_members(cls, name):
                    found.append((inner.lineno, name))
    return [
        f"line {line}: {name}" for line, name in sorted(set(found)) if (where, name) not in ALLOWED
    ]


def test_no_private_textual_module_is_imported():
    found = {where: hits for where, tree in sources() if (hits := private_textual_imports(tree))}
    assert found == {}


def test_no_private_textual_name_is_used():
    found = {
        where: hits
        for where, tree in sources()
        if (hits := private_uses(where, tree, module_of(where)))
    }
    assert found == {}


def test_the_scan_finds_what_it_looks_for():
    """The checks see the uses this app once had, so a pass means something."""
    tree = ast.parse(
        "from textual.widgets._footer import FooterKey\n"
        "from textual.widgets.option_list import Option\n"
        "from textual.widgets import Footer, OptionList\n"
        "class KeysFooter(Footer):\n"
        "    def bindings_changed(self, screen):\n"
        "        self._bindings_ready = True\n"
        "class Options(OptionList):\n"
        "    async def _on_click(self, event):\n"
        "        return self._lines\n"
        "def key(app, binding_id):\n"
        "    return app._keymap.get(binding_id)\n"
    )
    assert private_textual_imports(tree) == ["line 1: textual.widgets._footer"]
    namespace: dict[str, object] = {}
    exec(compile(tree, "<scan>", "exec"), namespace)
    assert private_uses("probe.py", tree, namespace) == [
        "line 6: _bindings_ready",
        "line 8: _on_click",
        "line 9: _lines",
        "line 11: _keymap",
    ]
