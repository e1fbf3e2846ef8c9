"""Clean one typed value: a name, a line or block of text, a date, an amount, tags, an
e-mail address, a phone number, a time zone, a count. Each raises ``ValueError`` saying
what is wrong; :mod:`handover_tui.domain.cleaning` applies them field by field."""

from __future__ import annotations

import re
from calendar import month_name
from collections.abc import Callable
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from handover_tui.domain.terminal import control_in
from handover_tui.domain.vocab import Vocabulary

MAX_NAME = 200
MAX_LINE = 500
MAX_BLOCK = 100_000
MAX_NOTE_BODY = 1_000_000
"""The longest note body, in characters: about 300 printed pages."""


Cleaner = Callable[[Any], Any]
"""The rule of one field: the clean value, or ``ValueError`` saying what is wrong."""


def stripped(value: Any) -> str:
    """The value as text without surrounding spaces; None reads as empty."""
    return "" if value is None else str(value).strip()


def required_name(value: Any) -> str:
    text = stripped(value)
    if not text:
        raise ValueError("A name is required.")
    if len(text) > MAX_NAME:
        raise ValueError(f"Keep it under {MAX_NAME} characters.")
    return text


def optional_text(value: Any) -> str:
    """Optional one-line text (an industry, a role, a title)."""
    text = stripped(value)
    if len(text) > MAX_LINE:
        raise ValueError(f"Keep it under {MAX_LINE} characters.")
    return text


def short_text(value: Any) -> str:
    """Optional text that fits a 200-character column."""
    text = stripped(value)
    if len(text) > MAX_NAME:
        raise ValueError(f"Keep it under {MAX_NAME} characters.")
    return text


def optional_block(value: Any) -> str:
    """Optional text on several lines (an overview, a comment, a section of a summary)."""
    text = stripped(value).replace("\r\n", "\n")
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


def optional_date(value: Any) -> date | None:
    if isinstance(value, date) or value is None:
        return value
    text = stripped(value)
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        wrong = no_such_date(text) or f"'{text}' is not a date: use YYYY-MM-DD, e.g. 2027-03-31."
        raise ValueError(wrong) from None


_ISO_SHAPE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def no_such_date(text: str) -> str:
    """For text shaped YYYY-MM-DD that names no real day, what is wrong with it
    (``there is no 31 February 2027``); "" for any other text."""
    match = _ISO_SHAPE.fullmatch(text.strip())
    if match is None:
        return ""
    year, month, day = (int(part) for part in match.groups())
    if year < 1:
        return f"'{text.strip()}': there is no year 0; use YYYY-MM-DD."
    if not 1 <= month <= 12:
        return f"'{text.strip()}': there is no month {month}; use YYYY-MM-DD."
    return f"'{text.strip()}': there is no {day} {month_name[month]} {year}."


def money(value: Any) -> Decimal | None:
    """An exact amount with at most two decimals; thousands separators are allowed."""
    if isinstance(value, Decimal) or value is None:
        return value
    text = stripped(value).replace(",", "").replace("_", "").replace(" ", "")
    if not text:
        return None
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise ValueError(
            f"'{stripped(value)}' is not an amount: type digits, e.g. 120000."
        ) from None
    if not amount.is_finite() or amount < 0:
        raise ValueError("The amount must be zero or more.")
    if amount.as_tuple().exponent < -2:  # type: ignore[operator]
        raise ValueError("Use at most two decimals.")
    if amount >= Decimal("1e13"):
        raise ValueError("That amount is too large.")
    return amount.quantize(Decimal("0.01"))


def currency(value: Any) -> str:
    text = stripped(value).upper() or "USD"
    if len(text) != 3 or not text.isalpha():
        raise ValueError("Use a three-letter currency code, e.g. USD or EUR.")
    return text


def tags(value: Any) -> str:
    """Comma-separated, trimmed, lower-case, without duplicates, in the order typed."""
    if isinstance(value, list | tuple):
        parts = [str(part) for part in value]
    else:
        parts = stripped(value).split(",")
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
    text = stripped(value)
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
    text = stripped(value)
    if not text:
        return ""
    import phonenumbers

    try:
        number = phonenumbers.parse(text, None if text.startswith("+") else region)
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_possible_number(number):
        raise ValueError(f"'{text}' is not a phone number: try the form +44 20 7946 0958.")
    if not phonenumbers.is_valid_number(number):
        # Possible but not dialable as it stands: a local number without its area code
        # ("555 0199" in the US) or a code no operator uses.
        where = phonenumbers.region_code_for_country_code(number.country_code or 0)
        raise ValueError(
            f"'{text}' is not a valid number in {where if where != 'ZZ' else 'any region'}: "
            "give the area code, or the whole number as +1 212 555 0199."
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def time_zone(value: Any) -> str:
    text = stripped(value)
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
        text = stripped(value)
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
        text = stripped(value)
        if not text and optional:
            return ""
        return kind.parse(text).value

    return clean


def required_title(value: Any) -> str:
    text = stripped(value)
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
    text = stripped(value)
    try:
        number = int(text)
    except ValueError:
        raise ValueError("Type a number of days, e.g. 14.") from None
    if not 1 <= number <= 365:
        raise ValueError("Between 1 and 365 days.")
    return number


def offset_days(value: Any) -> int:
    text = stripped(value) or "0"
    try:
        number = int(text)
    except ValueError:
        raise ValueError("Type a whole number of days, e.g. 7.") from None
    if not 0 <= number <= 365:
        raise ValueError("Between 0 and 365 days after the phase starts.")
    return number


def rating(value: Any) -> int:
    text = stripped(value)
    try:
        number = int(text)
    except ValueError:
        raise ValueError("Rate from 1 (poor) to 5 (excellent).") from None
    if not 1 <= number <= 5:
        raise ValueError("Rate from 1 (poor) to 5 (excellent).")
    return number


def optional_days(value: Any) -> int | None:
    text = stripped(value)
    if not text or text == "0":
        return None
    return days(text)


def satisfaction(value: Any) -> int | None:
    text = stripped(value)
    if not text:
        return None
    try:
        number = int(text)
    except ValueError:
        raise ValueError("Score satisfaction from 0 (lowest) to 10 (highest).") from None
    if not 0 <= number <= 10:
        raise ValueError("Score satisfaction from 0 (lowest) to 10 (highest).")
    return number
