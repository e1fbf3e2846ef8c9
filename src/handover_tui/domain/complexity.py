"""How demanding a client is: four answers from 1 to 5, and the weight derived from them.

The weight is what the client counts for against its owner's capacity: the mean of the
answers given, rounded half up (2.5 is 3), so one very demanding side does not make an
otherwise simple client heavy, and two do. A client with no answer weighs 1, as every
client did before weights existed.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from handover_tui.domain.cleaning import clean
from handover_tui.domain.field_values import Cleaner, stripped

LIGHTEST, HEAVIEST = 1, 5
QUESTIONS: tuple[tuple[str, str, str], ...] = (
    ("complexity_technical", "Technical intricacy", "technical"),
    ("complexity_organisation", "Organisation", "organisation"),
    ("complexity_geography", "Geographic spread", "geography"),
    ("complexity_customisation", "Customisation", "customisation"),
)
"""(column, question, short name) for each answer of the form, in the form's order."""
ANSWER_NAMES = tuple(name for name, _question, _short in QUESTIONS)


def weight(answers: Mapping[str, int | None]) -> int:
    """The rounded mean of the answers given (1 to 5); 1 when none is."""
    given = [answers[name] for name in ANSWER_NAMES if answers.get(name) is not None]
    if not given:
        return LIGHTEST
    mean = Decimal(sum(v for v in given if v is not None)) / len(given)
    return int(mean.quantize(Decimal(1), rounding=ROUND_HALF_UP))


SCALE_HINT = "Answer from 1 (simple) to 5 (very demanding), or leave it blank."


def answer(value: Any) -> int | None:
    """One answer, 1 (simple) to 5 (very demanding), or None when left blank."""
    if value is None or (isinstance(value, str) and not stripped(value)):
        return None
    try:
        number = int(value) if isinstance(value, int) else int(stripped(value))
    except ValueError:
        raise ValueError(SCALE_HINT) from None
    if not LIGHTEST <= number <= HEAVIEST:
        raise ValueError(SCALE_HINT)
    return number


def stored_weight(value: Any) -> int:
    """A weight as stored (an import): 1 to 5, blank meaning 1."""
    return answer(value) or LIGHTEST


RULES: dict[str, Cleaner] = {name: answer for name in ANSWER_NAMES}
"""The answers' rules, for the form and (with the weight's) for the client record."""
CLIENT_RULES: dict[str, Cleaner] = {"complexity": stored_weight, **RULES}


def clean_answers(raw: Mapping[str, Any]) -> dict[str, Any]:
    """The four answers cleaned (blank is None) and the weight derived from them."""
    values = clean({name: raw.get(name) for name in ANSWER_NAMES}, RULES, partial=False)
    values["complexity"] = weight(values)
    return values


def complexity_text(weight_: int, answers: Mapping[str, int | None]) -> str:
    """``3 of 5 (technical 4, organisation 3, geography 2)``, or that it is not assessed."""
    given = [
        f"{short} {answers[name]}"
        for name, _question, short in QUESTIONS
        if answers.get(name) is not None
    ]
    if not given:
        return f"{weight_} of {HEAVIEST}, not assessed"
    return f"{weight_} of {HEAVIEST} ({', '.join(given)})"
