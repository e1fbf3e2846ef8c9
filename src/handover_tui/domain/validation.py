"""Turn what a person typed into clean values, or say precisely what is wrong.

One place for the rules, used by the services (and so by both the forms and the CLI).
Each ``clean_*`` function takes raw text values and returns typed ones, or raises
:class:`InvalidInput` with one message per bad field so a form can mark each of them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from handover_tui.domain.terminal import control_in, without_controls
from handover_tui.domain.vocab import (
    AlternativeKind,
    Channel,
    ClientStatus,
    InteractionKind,
    LifecycleStage,
    NoteCategory,
    Phase,
    RenewalOutcome,
    Side,
    TransitionReason,
    TransitionStatus,
    Vocabulary,
)

MAX_NAME = 200
MAX_LINE = 500
MAX_BLOCK = 100_000
MAX_NOTE_BODY = 1_000_000
"""The longest note body, in characters: about 300 printed pages."""

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
        "summary_challenges",
        "summary_loose_ends",
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


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def required_name(value: Any) -> str:
    text = _text(value)
    if not text:
        raise ValueError("A name is required.")
    if len(text) > MAX_NAME:
        raise ValueError(f"Keep it under {MAX_NAME} characters.")
    return text


def optional_text(value: Any) -> str:
    """Optional one-line text (an industry, a role, a title)."""
    text = _text(value)
    if len(text) > MAX_LINE:
        raise ValueError(f"Keep it under {MAX_LINE} characters.")
    return text


def short_text(value: Any) -> str:
    """Optional text that fits a 200-character column."""
    text = _text(value)
    if len(text) > MAX_NAME:
        raise ValueError(f"Keep it under {MAX_NAME} characters.")
    return text


def optional_block(value: Any) -> str:
    """Optional text on several lines (an overview, a comment, a section of a summary)."""
    text = _text(value).replace("\r\n", "\n")
    if len(text) > MAX_BLOCK:
        raise ValueError(f"Keep it under {MAX_BLOCK:,} characters.")
    return text


def note_body(value: Any) -> str:
    """A note's Markdown text, up to :data:`MAX_NOTE_BODY` characters."""
    text = "" if value is None else str(value).replace("\r\n", "\n").rstrip()
    if len(text) > MAX_NOTE_BODY:
        raise ValueError(
            f"A note holds at most {MAX_NOTE_BODY:,} characters; this one has {len(text):,}: "
            "split it, or attach the document elsewhere and link to it."
        )
    return text


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


def clean_reason(value: Any, field: str = "reason") -> str:
    """A reason given for a step (a pause, a cancellation, completing anyway): required."""
    text = _text(value)
    if not text:
        raise InvalidInput({field: "Say why, so the history explains itself."})
    found = control_in(text.replace("\r\n", "\n"), multiline=True)
    if found is not None:
        raise InvalidInput({field: f"Remove the control character {found}."})
    if len(text) > MAX_BLOCK:
        raise InvalidInput({field: f"Keep it under {MAX_BLOCK:,} characters."})
    return text


def optional_date(value: Any) -> date | None:
    if isinstance(value, date) or value is None:
        return value
    text = _text(value)
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"'{text}' is not a date: use YYYY-MM-DD, e.g. 2027-03-31.") from None


def money(value: Any) -> Decimal | None:
    """An exact amount with at most two decimals; thousands separators are allowed."""
    if isinstance(value, Decimal) or value is None:
        return value
    text = _text(value).replace(",", "").replace("_", "").replace(" ", "")
    if not text:
        return None
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise ValueError(f"'{_text(value)}' is not an amount: type digits, e.g. 120000.") from None
    if not amount.is_finite() or amount < 0:
        raise ValueError("The amount must be zero or more.")
    if amount.as_tuple().exponent < -2:  # type: ignore[operator]
        raise ValueError("Use at most two decimals.")
    if amount >= Decimal("1e13"):
        raise ValueError("That amount is too large.")
    return amount.quantize(Decimal("0.01"))


def currency(value: Any) -> str:
    text = _text(value).upper() or "USD"
    if len(text) != 3 or not text.isalpha():
        raise ValueError("Use a three-letter currency code, e.g. USD or EUR.")
    return text


def tags(value: Any) -> str:
    """Comma-separated, trimmed, lower-case, without duplicates, in the order typed."""
    if isinstance(value, list | tuple):
        parts = [str(part) for part in value]
    else:
        parts = _text(value).split(",")
    seen: dict[str, None] = {}
    for part in parts:
        tag = part.strip().lower()
        found = control_in(tag)
        if found is not None:
            raise ValueError(f"Remove the control character {found} from the tags.")
        if tag:
            seen[tag] = None
    text = ",".join(seen)
    if len(text) > MAX_NAME:
        raise ValueError(f"Keep the tags under {MAX_NAME} characters in all.")
    return text


def email(value: Any) -> str:
    text = _text(value)
    if not text:
        return ""
    if len(text) > MAX_NAME:
        raise ValueError(f"Keep it under {MAX_NAME} characters.")
    from email_validator import EmailNotValidError, validate_email

    try:
        return validate_email(text, check_deliverability=False).normalized
    except EmailNotValidError as error:
        raise ValueError(f"Not an e-mail address: {error}") from None


def phone(value: Any, region: str = "US") -> str:
    """A phone number in international form; local numbers are read in ``region``."""
    text = _text(value)
    if not text:
        return ""
    import phonenumbers

    try:
        number = phonenumbers.parse(text, None if text.startswith("+") else region)
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_possible_number(number):
        raise ValueError(f"'{text}' is not a phone number: try the form +44 20 7946 0958.")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def time_zone(value: Any) -> str:
    text = _text(value)
    if not text:
        return ""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(text)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"'{text}' is not a time zone: use a name like Europe/Berlin.") from None
    return text


def capacity(value: Any) -> int:
    if isinstance(value, int):
        number = value
    else:
        text = _text(value)
        if not text:
            return 0
        try:
            number = int(text)
        except ValueError:
            raise ValueError("Type a whole number of accounts, e.g. 12.") from None
    if number < 0 or number > 10_000:
        raise ValueError("Capacity must be between 0 and 10000.")
    return number


def optional_id(value: Any) -> int | None:
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        raise ValueError("Pick one from the list.") from None


def flag(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in {"1", "true", "yes", "y", "on"}
    return bool(value)


def vocabulary(kind: type[Vocabulary], *, optional: bool = False) -> Callable[[Any], str]:
    def clean(value: Any) -> str:
        text = _text(value)
        if not text and optional:
            return ""
        return kind.parse(text).value

    return clean


Cleaner = Callable[[Any], Any]


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


CLIENT_RULES: dict[str, Cleaner] = {
    "name": required_name,
    "industry": short_text,
    "segment": short_text,
    "lifecycle_stage": vocabulary(LifecycleStage),
    "status": vocabulary(ClientStatus),
    "owner_id": optional_id,
    "deputy_id": optional_id,
    "relationship_start": optional_date,
    "renewal_date": optional_date,
    "annual_value": money,
    "currency": currency,
    "tags": tags,
    "overview": optional_block,
}


CLIENT_DEFAULTS = {
    "lifecycle_stage": LifecycleStage.ONBOARDING.value,
    "status": ClientStatus.ACTIVE.value,
}


def clean_client(raw: Mapping[str, Any], *, partial: bool = False) -> dict[str, Any]:
    """Clean client fields; a new client gets stage and status defaults when left blank."""
    raw = dict(raw)
    if not partial:
        for key, default in CLIENT_DEFAULTS.items():
            if not _text(raw.get(key)):
                raw[key] = default
    return clean(raw, CLIENT_RULES, partial=partial)


def contact_rules(region: str = "US") -> dict[str, Cleaner]:
    return {
        "name": required_name,
        "title": short_text,
        "email": email,
        "phone": lambda value: phone(value, region),
        "preferred_channel": vocabulary(Channel, optional=True),
        "time_zone": time_zone,
        "is_primary": flag,
        "notes": optional_block,
    }


def clean_contact(
    raw: Mapping[str, Any],
    *,
    partial: bool = False,
    region: str = "US",
    on_file: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """A contact as a form gives it; ``on_file`` is the contact being edited, if any
    (see :func:`verified`)."""
    return verified(raw, contact_rules(region), partial=partial, on_file=on_file)


def person_rules(region: str = "US") -> dict[str, Cleaner]:
    return {
        "name": required_name,
        "email": email,
        "phone": lambda value: phone(value, region),
        "role": short_text,
        "capacity": capacity,
    }


def clean_person(
    raw: Mapping[str, Any],
    *,
    partial: bool = False,
    region: str = "US",
    on_file: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """A person as a form gives them; ``on_file`` is the person being edited, if any."""
    return verified(raw, person_rules(region), partial=partial, on_file=on_file)


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
        if on_file.get(mark) and name in raw and _text(raw[name]) == _text(on_file.get(name)):
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


def required_title(value: Any) -> str:
    text = _text(value)
    if not text:
        raise ValueError("A title is required.")
    if len(text) > 300:
        raise ValueError("Keep it under 300 characters.")
    return text


def required_id(value: Any) -> int:
    number = optional_id(value)
    if number is None:
        raise ValueError("Pick one from the list.")
    return number


def required_date(value: Any) -> date:
    day = optional_date(value)
    if day is None:
        raise ValueError("A date is required: use YYYY-MM-DD.")
    return day


def days(value: Any) -> int:
    text = _text(value)
    try:
        number = int(text)
    except ValueError:
        raise ValueError("Type a number of days, e.g. 14.") from None
    if not 1 <= number <= 365:
        raise ValueError("Between 1 and 365 days.")
    return number


ITEM_RULES: dict[str, Cleaner] = {
    "phase": vocabulary(Phase),
    "title": required_title,
    "side": vocabulary(Side),
    "responsible_id": optional_id,
    "due_on": optional_date,
    "notes": optional_block,
}


def clean_item(raw: Mapping[str, Any], *, partial: bool = False) -> dict[str, Any]:
    return clean(raw, ITEM_RULES, partial=partial)


START_RULES: dict[str, Cleaner] = {
    "incoming_id": required_id,
    "reason": vocabulary(TransitionReason),
    "reason_detail": optional_block,
    "start": required_date,
    "preparation_days": days,
    "execution_days": days,
    "support_days": days,
    "template_id": optional_id,
    "consent_required": flag,
}


def clean_start(raw: Mapping[str, Any]) -> dict[str, Any]:
    """A new transition's choices; the lengths of the phases default to the usual ones."""
    raw = {"preparation_days": 14, "execution_days": 30, "support_days": 14, **raw}
    for key in ("preparation_days", "execution_days", "support_days"):
        if not _text(raw[key]):
            raw[key] = {"preparation_days": 14, "execution_days": 30, "support_days": 14}[key]
    return clean(raw, START_RULES, partial=False)


DATE_FIELDS = [
    f"{phase}_{edge}"
    for phase in ("preparation", "execution", "support")
    for edge in ("start", "end")
]

TRANSITION_RULES: dict[str, Cleaner] = {
    **{name: required_date for name in DATE_FIELDS},
    "overlap_end": optional_date,
    "client_informed_on": optional_date,
    "consent_required": flag,
    "consent_obtained_on": optional_date,
    "reason": vocabulary(TransitionReason),
    "reason_detail": optional_block,
    "roles_outgoing": optional_block,
    "roles_incoming": optional_block,
    "roles_client": optional_block,
}


def clean_transition(raw: Mapping[str, Any]) -> dict[str, Any]:
    return clean(raw, TRANSITION_RULES, partial=True)


SIGN_OFF_RULES: dict[str, Cleaner] = {
    "name": required_name,
    "role": short_text,
    "side": vocabulary(Side),
    "required": flag,
    "signed_on": optional_date,
}


def clean_sign_off(raw: Mapping[str, Any], *, partial: bool = False) -> dict[str, Any]:
    return clean(raw, SIGN_OFF_RULES, partial=partial)


def offset_days(value: Any) -> int:
    text = _text(value) or "0"
    try:
        number = int(text)
    except ValueError:
        raise ValueError("Type a whole number of days, e.g. 7.") from None
    if not 0 <= number <= 365:
        raise ValueError("Between 0 and 365 days after the phase starts.")
    return number


TEMPLATE_ITEM_RULES: dict[str, Cleaner] = {
    "title": required_title,
    "phase": vocabulary(Phase),
    "side": vocabulary(Side),
    "offset": offset_days,
}


def clean_template_item(raw: Mapping[str, Any]) -> dict[str, Any]:
    return clean(raw, TEMPLATE_ITEM_RULES, partial=False)


NOTE_RULES: dict[str, Cleaner] = {
    "category": vocabulary(NoteCategory),
    "title": required_title,
    "body": note_body,
    "pinned": flag,
}


def clean_note(raw: Mapping[str, Any], *, partial: bool = False) -> dict[str, Any]:
    return clean(raw, NOTE_RULES, partial=partial)


SUMMARY_RULES: dict[str, Cleaner] = {
    name: optional_block
    for name in (
        "summary_goals",
        "summary_current_state",
        "summary_challenges",
        "summary_loose_ends",
        "summary_going_forward",
        "summary_outgoing_contact",
    )
}


def clean_summary(raw: Mapping[str, Any]) -> dict[str, Any]:
    return clean(raw, SUMMARY_RULES, partial=True)


def rating(value: Any) -> int:
    text = _text(value)
    try:
        number = int(text)
    except ValueError:
        raise ValueError("Rate from 1 (poor) to 5 (excellent).") from None
    if not 1 <= number <= 5:
        raise ValueError("Rate from 1 (poor) to 5 (excellent).")
    return number


FEEDBACK_RULES: dict[str, Cleaner] = {
    "source": vocabulary(Side),
    "author": short_text,
    "rating": rating,
    "comment": optional_block,
    "given_on": required_date,
}


def clean_feedback(raw: Mapping[str, Any]) -> dict[str, Any]:
    return clean(raw, FEEDBACK_RULES, partial=False)


def optional_days(value: Any) -> int | None:
    text = _text(value)
    if not text or text == "0":
        return None
    return days(text)


CADENCE_RULES: dict[str, Cleaner] = {
    f"every_{kind}": optional_days
    for kind in ("status_meeting", "knowledge_transfer", "client_update", "check_in")
}


def clean_cadence(raw: Mapping[str, Any]) -> dict[str, Any]:
    return clean(raw, CADENCE_RULES, partial=True)


INTERACTION_RULES: dict[str, Cleaner] = {
    "kind": vocabulary(InteractionKind),
    "occurred_on": required_date,
    "attendees": optional_text,
    "summary": optional_block,
    "next_planned_on": optional_date,
}


def clean_interaction(raw: Mapping[str, Any], *, partial: bool = False) -> dict[str, Any]:
    return clean(raw, INTERACTION_RULES, partial=partial)


CREDENTIAL_RULES: dict[str, Cleaner] = {
    "name": required_name,
    "issuer": short_text,
    "expires_on": optional_date,
}


def clean_credential(raw: Mapping[str, Any]) -> dict[str, Any]:
    """A licence or certification: its name, who issued it, and when it expires if ever."""
    return clean(raw, CREDENTIAL_RULES, partial=False)


def satisfaction(value: Any) -> int | None:
    text = _text(value)
    if not text:
        return None
    try:
        number = int(text)
    except ValueError:
        raise ValueError("Score satisfaction from 0 (lowest) to 10 (highest).") from None
    if not 0 <= number <= 10:
        raise ValueError("Score satisfaction from 0 (lowest) to 10 (highest).")
    return number


HEALTH_RULES: dict[str, Cleaner] = {
    "taken_on": required_date,
    "satisfaction": satisfaction,
    "revenue": money,
    "renewal_outcome": vocabulary(RenewalOutcome, optional=True),
}


def clean_health(raw: Mapping[str, Any]) -> dict[str, Any]:
    """A health snapshot: at least one of satisfaction, revenue or renewal outcome."""
    values = clean(raw, HEALTH_RULES, partial=False)
    if (values["satisfaction"], values["revenue"], values["renewal_outcome"]) == (None, None, ""):
        raise InvalidInput({"satisfaction": "Give a score, a revenue or a renewal outcome."})
    return values


ALTERNATIVE_RULES: dict[str, Cleaner] = {
    "kind": vocabulary(AlternativeKind),
    "notes": optional_block,
    "chosen_on": required_date,
    "review_on": required_date,
}


def clean_alternative(raw: Mapping[str, Any]) -> dict[str, Any]:
    """An alternative to a change of owner; its review must not come before the choice."""
    values = clean(raw, ALTERNATIVE_RULES, partial=False)
    if values["review_on"] < values["chosen_on"]:
        raise InvalidInput({"review_on": "The review cannot come before the choice."})
    return values


def record_rules(region: str = "US") -> dict[str, dict[str, Cleaner]]:
    """The rules of each kind of record, by table, for the values a person types or picks
    (text, vocabulary, dates, amounts): what an import checks every record with. Ids and
    the app's own bookkeeping (timestamps, versions, the audit trail) are checked for
    their form only."""
    return {
        "person": person_rules(region),
        "credential": CREDENTIAL_RULES,
        "client": {
            **{name: rule for name, rule in CLIENT_RULES.items() if not name.endswith("_id")},
            "previous_status": vocabulary(ClientStatus, optional=True),
        },
        "contact": contact_rules(region),
        "transition": {
            **TRANSITION_RULES,
            **SUMMARY_RULES,
            **CADENCE_RULES,
            "status": vocabulary(TransitionStatus),
            "status_reason": optional_block,
            "completion_override": optional_block,
            "template_name": short_text,
            "completed_on": optional_date,
        },
        "checklist_template": {"name": required_name, "description": optional_text},
        "checklist_template_item": {
            "title": required_title,
            "phase": vocabulary(Phase),
            "side": vocabulary(Side),
            "due_offset_days": offset_days,
        },
        "checklist_item": {
            **{name: rule for name, rule in ITEM_RULES.items() if not name.endswith("_id")},
            "done_on": optional_date,
        },
        "note": NOTE_RULES,
        "interaction": INTERACTION_RULES,
        "feedback": FEEDBACK_RULES,
        "sign_off": SIGN_OFF_RULES,
        "health_snapshot": HEALTH_RULES,
        "alternative": ALTERNATIVE_RULES,
    }
