"""How values read on screen and in plain-text output."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥"}


def money_text(amount: Decimal | None, currency: str = "USD") -> str:
    """``$120,000`` for whole amounts, ``€1,234.50`` otherwise; blank when unknown."""
    if amount is None:
        return ""
    places = 0 if amount == amount.to_integral_value() else 2
    number = f"{amount:,.{places}f}"
    symbol = SYMBOLS.get(currency)
    return f"{symbol}{number}" if symbol else f"{number} {currency}"


def vocab_label(value: str) -> str:
    """The readable form of a stored vocabulary value (``at_risk`` → ``At risk``), or the
    one word chosen for it in ``WORDS``."""
    return WORDS.get(value) or value.replace("_", " ").capitalize()


WORDS = {
    "transition_planned": "Planned",
    "post_transition": "Post-handoff",
}
"""Client statuses named by one short word on every screen, form and export: each fits
the roster's narrowest status column (15 cells) with its symbol."""


def plural(count: int, noun: str, many: str = "") -> str:
    """``1 client``, ``3 clients``, ``0 clients``: the one place counts meet nouns
    (``many`` for a noun that does not just take an "s": ``plural(2, "entry", "entries")``)."""
    word = noun if count == 1 else (many or f"{noun}s")
    return f"{count:,} {word}"


def date_text(value: date | None) -> str:
    return value.isoformat() if value else ""


# Status is never shown by colour alone: each has a symbol beside its word.
STATUS_SYMBOLS = {
    "active": "●",
    "transition_planned": "○",
    "in_transition": "»",
    "post_transition": "◆",
    "handed_off": "■",
    "archived": "-",
}


def status_label(value: str, *, short: bool = False) -> str:
    """``» In transition``: the status word with its symbol, at most 15 cells (every
    status has one word, so ``short`` changes nothing)."""
    return f"{STATUS_SYMBOLS.get(value, '·')} {vocab_label(value)}"
