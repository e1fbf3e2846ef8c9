"""Values as CRMs and spreadsheets write them, made plain for the validation rules.

Pure functions used by ``domain.roster_csv``: dates (:func:`iso_date`), amounts with
symbols, thousands separators or E notation (:func:`plain_amount`), which decimal mark a
tab-separated file uses (:func:`decimal_comma_in`), and HubSpot's lifecycle stages
(:func:`crm_stage`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from handover_tui.domain.vocab import LifecycleStage

_TIME = r"(?:[T ,]+\d{1,2}:\d{2}.*)?"
_DATE_FORMS = [
    (re.compile(rf"(\d{{4}})-(\d{{1,2}})-(\d{{1,2}}){_TIME}"), (0, 1, 2), "year-month-day"),
    (re.compile(rf"(\d{{1,2}})/(\d{{1,2}})/(\d{{4}}){_TIME}"), (2, 0, 1), "month/day/year"),
    (re.compile(rf"(\d{{1,2}})\.(\d{{1,2}})\.(\d{{4}}){_TIME}"), (2, 1, 0), "day.month.year"),
]


def iso_date(text: str) -> str:
    """A date cell as YYYY-MM-DD.

    Read: ``2026-03-31``, ``3/31/2026`` (slashes are month/day/year, as US CRMs write
    them) and ``31.03.2026`` (dots are day.month.year), each optionally followed by a
    time, which is dropped. A cell of one of these shapes that is no real date raises
    ``ValueError`` saying how it was read; any other text is returned as it is, for the
    validation rules to judge.
    """
    text = text.strip()
    for pattern, (y, m, d), reading in _DATE_FORMS:
        match = pattern.fullmatch(text)
        if match:
            parts = match.groups()
            try:
                return date(int(parts[y]), int(parts[m]), int(parts[d])).isoformat()
            except ValueError:
                raise ValueError(
                    f"'{text}' is not a date: it is read as {reading}; use YYYY-MM-DD."
                ) from None
    return text


_SYMBOLS = {"€": "EUR", "£": "GBP", "$": "", "¥": ""}
_CODE = re.compile(r"^([A-Za-z]{3})\s*|\s*([A-Za-z]{3})$")


_E_NOTATION = re.compile(r"-?\d+(?:[.,]\d+)?[eE][+-]?\d{1,3}")


def _written_out(text: str) -> str:
    """``6.0E7`` as ``60000000``: the same number without an exponent."""
    return format(Decimal(text), "f")


def plain_amount(text: str, *, decimal_comma: bool = False) -> tuple[str, str]:
    """An amount cell as ``(digits with a decimal point, currency code or "")``.

    The rule: a currency symbol (``$ € £ ¥``) or a three-letter code before or after the
    number is taken off (``€`` and ``£`` and a code are returned as the currency), as are
    spaces and apostrophes used to group thousands. Then:

    - with both ``.`` and ``,`` present, the one that comes last is the decimal mark
      (``$1,200,000.00`` and ``1.200.000,00 €`` are both 1200000.00);
    - a mark that appears more than once groups thousands (``1.200.000``);
    - a single mark followed by exactly three digits groups thousands unless it is the
      file's decimal mark (a comma in a semicolon file, else a point): ``1,200`` is 1200
      in a comma file, ``1.200`` is 1200 in a semicolon file;
    - any other single mark is the decimal mark (``1200,50``).

    Grouping must come in threes. E notation, as Salesforce and spreadsheets write large
    numbers (``6.0E7``, ``1,5E+06`` in a semicolon file), is written out in full. Text
    that fits none of this is returned unchanged, for the validation rules to report.
    """
    original = text.strip()
    if not original:
        return "", ""
    code = ""
    rest = original
    for symbol, symbol_code in _SYMBOLS.items():
        if symbol in rest:
            rest = rest.replace(symbol, "")
            code = code or symbol_code
    match = _CODE.search(rest.strip())
    if match:
        code = (match.group(1) or match.group(2)).upper()
        rest = _CODE.sub("", rest.strip(), count=1)
    rest = re.sub(r"[\s'\u2019\u00a0\u202f]", "", rest)
    if _E_NOTATION.fullmatch(rest):
        return _written_out(rest.replace(",", ".")), code
    if not re.fullmatch(r"-?[\d.,]*\d[\d.,]*", rest):
        return original, ""
    sign, rest = ("-", rest[1:]) if rest.startswith("-") else ("", rest)
    file_mark = "," if decimal_comma else "."
    decimal = group = ""
    if "." in rest and "," in rest:
        decimal = "." if rest.rfind(".") > rest.rfind(",") else ","
        group = "," if decimal == "." else "."
    elif "." in rest or "," in rest:
        mark = "." if "." in rest else ","
        thousands = len(rest.partition(mark)[2]) == 3 and mark != file_mark
        if rest.count(mark) > 1 or thousands:
            group = mark
        else:
            decimal = mark
    whole, _, fraction = rest.partition(decimal) if decimal else (rest, "", "")
    if (decimal and decimal in fraction) or (group and group in fraction):
        return original, ""
    if group:
        if not re.fullmatch(rf"\d{{1,3}}(?:{re.escape(group)}\d{{3}})+", whole):
            return original, ""
        whole = whole.replace(group, "")
    if not whole.isdigit() or (fraction and not fraction.isdigit()):
        return original, ""
    return sign + whole + (f".{fraction}" if fraction else ""), code


def decimal_comma_in(cells: Iterable[str]) -> bool:
    """Whether amounts written as ``cells`` use a decimal comma, judged by the cells that
    say so unambiguously (``1200,50``, ``1.200,50`` or ``1.200.000`` against ``1200.50``,
    ``1,200.50`` or ``1,200,000``); a point wins a tie or a file with no such cell.

    For tab-separated files, whose delimiter, unlike a semicolon, does not tell.
    """
    comma = point = 0
    for cell in cells:
        text = re.sub(r"[^\d.,]", "", cell)
        if re.search(r",\d{1,2}$|\.\d{3}[.,]|,\d{4,}$", text):
            comma += 1
        elif re.search(r"\.\d{1,2}$|,\d{3}[.,]|\.\d{4,}$", text):
            point += 1
    return comma > point


# HubSpot's default lifecycle stages, as the export writes their labels or their
# internal values, and the stage of ours each comes nearest to: every stage before a
# purchase is the start of a relationship; an evangelist is a settled, mature one.
HUBSPOT_STAGES: dict[str, LifecycleStage | None] = {
    "subscriber": LifecycleStage.ONBOARDING,
    "lead": LifecycleStage.ONBOARDING,
    "marketingqualifiedlead": LifecycleStage.ONBOARDING,
    "salesqualifiedlead": LifecycleStage.ONBOARDING,
    "opportunity": LifecycleStage.ONBOARDING,
    "customer": LifecycleStage.GROWTH,
    "evangelist": LifecycleStage.MATURE,
    "other": None,
}
_HUBSPOT_LABELS = {
    "marketingqualifiedlead": "marketing qualified lead",
    "salesqualifiedlead": "sales qualified lead",
}


def _key(text: str) -> str:
    return re.sub(r"[\s_\-]+", "", text).casefold()


def crm_stage(text: str) -> tuple[str, str, bool]:
    """A lifecycle stage cell as ``(our stage or "", tag to keep, known)``.

    One of ours (in any case or spelling :meth:`Vocabulary.parse` takes) is kept with no
    tag. A HubSpot stage becomes the nearest of ours (:data:`HUBSPOT_STAGES`, "" for
    Other) and is kept as a tag in its label's words (``marketing qualified lead``), so
    nothing the CRM said is lost. Any other text gives ``("", text, False)``: the caller
    warns and keeps it as a tag.
    """
    text = text.strip()
    if not text:
        return "", "", True
    try:
        return LifecycleStage.parse(text).value, "", True
    except ValueError:
        pass
    key = _key(text)
    if key in HUBSPOT_STAGES:
        stage = HUBSPOT_STAGES[key]
        return (stage.value if stage else ""), _HUBSPOT_LABELS.get(key, key), True
    return "", " ".join(text.split()).lower(), False
