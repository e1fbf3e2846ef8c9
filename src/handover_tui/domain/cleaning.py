"""Apply a record's field rules to raw values, with one message per bad field.

A form refuses control characters and values it cannot verify; an import drops control
characters with a warning and keeps an unverifiable value as typed, marked."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from handover_tui.domain.field_values import Cleaner, short_text, stripped
from handover_tui.domain.terminal import control_in, without_controls

# Fields that hold text on several lines (newlines and tabs allowed); every other text
# field is one line, which holds no control character at all.
BLOCK_FIELDS = frozenset(
    {
        "overview",
        "notes",
        "body",
        "comment",
        "summary",
        "reason_detail",
        "roles_outgoing",
        "roles_incoming",
        "roles_client",
        "summary_goals",
        "summary_current_state",
        "summary_work_done",
        "summary_challenges",
        "drop_reason",
        "summary_going_forward",
        "summary_outgoing_contact",
        "status_reason",
        "completion_override",
    }
)


class InvalidInput(ValueError):
    """Some fields are wrong; ``errors`` maps each field name to a message."""

    def __init__(self, errors: Mapping[str, str]) -> None:
        self.errors = dict(errors)
        # One sentence for a command line: "name: …; email: …." with no doubled stops.
        parts = [f"{field}: {message.rstrip('.')}" for field, message in errors.items()]
        super().__init__("; ".join(parts) + ".")


def drop_controls(raw: Mapping[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """Imported values without the control characters their fields may not hold, and
    the names of the fields that lost some (an import reports them and goes on)."""
    values = dict(raw)
    dropped: list[str] = []
    for name, value in raw.items():
        if isinstance(value, str):
            block = name in BLOCK_FIELDS
            kept = without_controls(value, multiline=block)
            if kept != (value.replace("\r\n", "\n").replace("\r", "\n") if block else value):
                dropped.append(name)
            values[name] = kept
    return values, dropped


def dropped_text(fields: list[str]) -> str:
    """The warning an import gives for the fields that lost control characters."""
    return f"control characters removed from {', '.join(fields)}"


def control_error(name: str, value: Any) -> str | None:
    """Why ``value`` cannot go in field ``name`` because of a control character, or None."""
    if not isinstance(value, str):
        return None
    block = name in BLOCK_FIELDS
    found = control_in(value.replace("\r\n", "\n") if block else value, multiline=block)
    if found is None:
        return None
    if found in ("\u240a", "\u2409", "\u240d"):  # newline, tab, carriage return
        return "Keep it on one line: no line breaks or tabs."
    return f"Remove the control character {found}: it cannot be shown or printed safely."


def clean(raw: Mapping[str, Any], rules: Mapping[str, Cleaner], *, partial: bool) -> dict[str, Any]:
    """Apply ``rules`` to ``raw``; with ``partial`` only the fields present are checked."""
    values: dict[str, Any] = {}
    errors: dict[str, str] = {}
    unknown = set(raw) - set(rules)
    if unknown:
        raise InvalidInput({name: "Not a field of this record." for name in sorted(unknown)})
    for name, rule in rules.items():
        if partial and name not in raw:
            continue
        refused = control_error(name, raw.get(name))
        if refused is not None:
            errors[name] = refused
            continue
        try:
            values[name] = rule(raw.get(name))
        except ValueError as error:
            errors[name] = str(error)
    if errors:
        raise InvalidInput(errors)
    return values


# -- values the app cannot verify -------------------------------------------------------

UNVERIFIED = {"phone": "phone_unverified"}
"""Fields whose value the app may fail to verify though a person holds it for good reason
(a phone number in a format it does not know), each with the column that marks it so.
A form refuses such a value, where it can be fixed at once; an import keeps it as typed,
marked, and warns (:func:`clean_imported`)."""


def verified(
    raw: Mapping[str, Any],
    rules: Mapping[str, Cleaner],
    *,
    partial: bool,
    on_file: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """:func:`clean` for a form: every :data:`UNVERIFIED` field it verifies loses its mark.

    A form shows an unverified value back as it is on file; saved unchanged (the user
    edited another field) it stays as it was, marked, unless it now verifies.
    """
    raw, on_file = dict(raw), on_file or {}
    for name, mark in UNVERIFIED.items():
        if on_file.get(mark) and name in raw and stripped(raw[name]) == stripped(on_file.get(name)):
            try:
                rules[name](raw[name])
            except ValueError:
                del raw[name]
    values = clean(raw, rules, partial=partial)
    for name, mark in UNVERIFIED.items():
        if name in values:
            values[mark] = False
    return values


def clean_imported(
    raw: Mapping[str, Any], rules: Mapping[str, Cleaner], *, partial: bool = True
) -> tuple[dict[str, Any], dict[str, str]]:
    """:func:`clean` for an import: a value of an :data:`UNVERIFIED` field that its rule
    cannot verify is kept as typed (still one line that fits its column) and marked.

    Returns the values, with the mark of each such field given, and for each value kept
    unverified the reason it could not be verified. Any other error refuses, as in a form.
    """
    try:
        values = clean(raw, rules, partial=partial)
        doubts: dict[str, str] = {}
    except InvalidInput as error:
        doubts = {name: why for name, why in error.errors.items() if name in UNVERIFIED}
        if not doubts:
            raise
        # A value refused for a control character or its length is refused again here.
        values = clean(raw, {**rules, **dict.fromkeys(doubts, short_text)}, partial=partial)
    for name, mark in UNVERIFIED.items():
        if name in values:
            values[mark] = name in doubts
    return values, doubts
