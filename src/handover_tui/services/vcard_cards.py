"""One vCard as the values of a contact: what vobject parses, made plain.

``services.vcard`` cleans these values with the form's rules and writes them. Here a card
gives its name, title, preferred e-mail and phone, notes, time zone, our own extension
properties, its UID, and everything else a person typed that a contact has no field for
(other phones and e-mails with their types, organisation, address, birthday, nickname,
categories), which ends up as lines of the contact's notes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

CHANNEL = "X-HANDOVER-CHANNEL"
PRIMARY = "X-HANDOVER-PRIMARY"

# The properties read; the others are dropped before parsing (see :func:`known_lines`).
READ = {"BEGIN", "END", "VERSION", "FN", "N", "TITLE", "ROLE", "EMAIL", "TEL", "NOTE", "TZ"}
READ |= {"UID", "ORG", "ADR", "BDAY", "NICKNAME", "CATEGORIES", CHANNEL, PRIMARY}
_OFFSET = re.compile(r"^([+-])(\d{2}):?(\d{2})$")
# Type words that say nothing to a person reading the notes.
_QUIET_TYPES = {"pref", "internet", "voice", "x400"}


@dataclass
class CardValues:
    """What one card says: ``raw`` contact fields as text, ``kept`` (label, value) pairs
    for the notes, and its UID."""

    raw: dict[str, Any] = field(default_factory=dict)
    kept: list[tuple[str, str]] = field(default_factory=list)
    uid: str = ""


def card_values(card: Any, organisation: str) -> CardValues:
    """The values of a parsed card; an ORG equal to ``organisation`` (the client's name)
    or written by our own export is not kept again."""
    out = CardValues(uid=first_text(card, "uid"))
    raw = out.raw
    name = first_text(card, "fn") or _name_from_n(card)
    if name:
        raw["name"] = name
    if title := first_text(card, "title") or first_text(card, "role"):
        raw["title"] = title
    email_line = _preferred(card, "email")
    if email_line is not None:
        raw["email"] = _email_text(_decode(email_line))
    tel_line = _preferred(card, "tel")
    if tel_line is not None:
        raw["phone"] = _phone_text(_decode(tel_line))
    if notes := [text for text in _texts(card, "note") if text]:
        raw["notes"] = "\n".join(notes)
    if zone := first_text(card, "tz"):
        raw["time_zone"] = _zone_text(zone)
    if channel := first_text(card, CHANNEL):
        raw["preferred_channel"] = channel
    if primary := first_text(card, PRIMARY):
        raw["is_primary"] = primary
    for kind, label, chosen, text_of in (
        ("tel", "Phone", tel_line, _phone_text),
        ("email", "E-mail", email_line, _email_text),
    ):
        for line in card.contents.get(kind, []):
            text = text_of(_decode(line))
            if line is not chosen and text:
                out.kept.append((_labelled(label, line), text))
    # Our own export names the client it came from as the ORG: nothing a person typed.
    ours = bool(card.contents.get(PRIMARY.lower()))
    for text in _texts(card, "org"):
        if text and not ours and text.casefold() != organisation.casefold():
            out.kept.append(("Organisation", text))
    for line in card.contents.get("adr", []):
        if text := _address(line):
            out.kept.append((_labelled("Address", line), text))
    for name_, label in (("bday", "Birthday"), ("nickname", "Nickname")):
        out.kept.extend((label, text) for text in _texts(card, name_) if text)
    categories = [text for text in _texts(card, "categories") if text]
    if categories:
        out.kept.append(("Categories", ", ".join(categories)))
    return out


def _labelled(label: str, line: Any) -> str:
    """``Phone (work, cell)``: a label with the property's types, as a person reads them."""
    params = {key.upper(): values for key, values in line.params.items()}
    words = [
        word.strip().lower()
        for value in params.get("TYPE", [])
        for word in str(value).split(",")
        if word.strip()
    ]
    words += [str(word).lower() for word in getattr(line, "singletonparams", [])]
    shown = list(dict.fromkeys(word for word in words if word not in _QUIET_TYPES))
    return f"{label} ({', '.join(shown)})" if shown else label


def _address(line: Any) -> str:
    """An ADR as one line: street, locality, region and code, country."""
    from vobject.base import VObjectError

    try:
        value = line.transformToNative().value
    except VObjectError:
        return ""
    if isinstance(value, str):
        return value.strip()

    def part(name: str) -> str:
        piece = getattr(value, name, "")
        piece = " ".join(piece) if isinstance(piece, list) else str(piece)
        return " ".join(piece.split())

    place = " ".join(p for p in (part("region"), part("code")) if p)
    parts = (part("box"), part("extended"), part("street"), part("city"), place, part("country"))
    return ", ".join(p for p in parts if p)


def _email_text(value: str) -> str:
    return value.removeprefix("mailto:").removeprefix("MAILTO:")


def known_lines(lines: list[str]) -> list[str]:
    """The physical lines of the properties in :data:`READ`, folded parts included.

    vobject decodes some values (a base64 PHOTO) as soon as it parses them, so an unknown
    property with a broken value would spoil the whole card: it never gets to see them.
    A property continues on lines that start with a space or tab (folding) and, in
    vCard 2.1 quoted-printable values, after a line that ends with ``=``.
    """
    kept: list[str] = []
    keep = False
    quoted = False
    previous = ""
    for line in lines:
        continued = line[:1] in (" ", "\t") or (quoted and previous.endswith("="))
        if not continued:
            head = re.split(r"[;:]", line, maxsplit=1)[0]
            keep = head.rpartition(".")[2].strip().upper() in READ
            before_value = line.split(":", 1)[0].upper()
            quoted = "QUOTED-PRINTABLE" in before_value
        if keep:
            kept.append(line)
        previous = line
    return kept


def _decode(line: Any) -> str:
    """A property's value with escapes and encodings undone, stripped ("" if unreadable)."""
    from vobject.base import VObjectError

    try:
        value = line.transformToNative().value
    except VObjectError:
        return ""
    if isinstance(value, bytes):  # base64 data: not something a person typed
        return ""
    if isinstance(value, list):
        return ", ".join(str(part).strip() for part in value if str(part).strip())
    return str(value).replace("\r\n", "\n").replace("\r", "\n").strip()


def _texts(card: Any, name: str) -> list[str]:
    """The decoded values of every ``name`` property."""
    return [_decode(line) for line in card.contents.get(name.lower(), [])]


def first_text(card: Any, name: str) -> str:
    return next((text for text in _texts(card, name) if text), "")


def _name_from_n(card: Any) -> str:
    """A name from the structured N property, for cards without FN (some 2.1 exports)."""
    from vobject.base import VObjectError

    for line in card.contents.get("n", []):
        try:
            parts = line.transformToNative().value
        except VObjectError:
            continue
        words = []
        for part in (parts.given, parts.additional, parts.family):
            words.extend(part if isinstance(part, list) else [part])
        if text := " ".join(word.strip() for word in words if word and word.strip()):
            return text
    return ""


def _preferred(card: Any, name: str) -> Any:
    """The line marked preferred (4.0 ``PREF=1``, 3.0 ``TYPE=pref``), else the first
    that is not blank; None when there is none."""
    ranked = []
    lines = [line for line in card.contents.get(name.lower(), []) if str(line.value).strip()]
    for index, line in enumerate(lines):
        params = {key.upper(): values for key, values in line.params.items()}
        types = {
            word.strip().lower()
            for value in params.get("TYPE", [])
            for word in str(value).split(",")
        }
        singletons = {str(word).lower() for word in getattr(line, "singletonparams", [])}
        rank = 101
        if params.get("PREF"):
            rank = int(params["PREF"][0]) if str(params["PREF"][0]).isdigit() else 1
        elif "pref" in types or "pref" in singletons:
            rank = 1
        ranked.append((rank, index, line))
    for _rank, _index, line in sorted(ranked, key=lambda item: item[:2]):
        if _decode(line):
            return line
    return None


def _phone_text(value: str) -> str:
    """A 4.0 ``tel:+1-418-656-9254;ext=102`` URI as a number phonenumbers reads."""
    text = value.strip()
    if text.lower().startswith("tel:"):
        number, *params = text[4:].split(";")
        extension = next((p.split("=", 1)[1] for p in params if p.lower().startswith("ext=")), "")
        text = f"{number} ext. {extension}" if extension else number
    return text


def _zone_text(value: str) -> str:
    """A zone name as is; a whole-hour UTC offset (``-05:00``, ``-0500``) as ``Etc/GMT+5``."""
    candidate = value.split(";")[0].strip()
    match = _OFFSET.match(candidate)
    if match is None or match.group(3) != "00":
        return value
    sign, hours = match.group(1), int(match.group(2))
    if hours == 0:
        return "UTC"
    # The Etc zones count the other way round: Etc/GMT+5 is five hours behind UTC.
    return f"Etc/GMT{'+' if sign == '-' else '-'}{hours}" if hours <= 14 else value


__all__ = ["CHANNEL", "PRIMARY", "READ", "CardValues", "card_values", "first_text", "known_lines"]
