"""A client's contacts as vCard: export them for a phone or mail app, import them back.

Export writes vCard 3.0, the version every address book reads. Import reads 3.0, 2.1 and
4.0: vobject parses the content lines (folding, escapes, quoted-printable, parameters), and
the few places where 4.0 values differ (``tel:`` URIs, ``PREF=1``, UTC-offset time zones)
are handled here. Each card is parsed on its own, so one broken card is reported with its
line and the rest still import.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlmodel import col, select

from handover_tui.db.engine import Database
from handover_tui.domain.cleaning import (
    UNVERIFIED,
    InvalidInput,
    clean_imported,
    drop_controls,
    dropped_text,
)
from handover_tui.domain.validation import contact_rules
from handover_tui.models import Client, Contact
from handover_tui.services._records import apply_changes, fetch
from handover_tui.services.contacts import _one_primary  # the one-primary rule, reused

CHANNEL = "X-HANDOVER-CHANNEL"
PRIMARY = "X-HANDOVER-PRIMARY"

# A bad value in these does not cost the user the contact: the field is left blank. (A
# phone number in a format the app cannot verify is kept as typed, marked unverified.)
LENIENT = {"time_zone": "time zone", "preferred_channel": "preferred channel"}
FIELD_WORDS = {"name": "name", "title": "title", "email": "e-mail", "phone": "phone"}
# Column widths (see models.Contact): checked here so PostgreSQL never truncates or fails.
WIDTHS = {"title": 200, "email": 200, "phone": 200, "time_zone": 64}

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
# The properties read; the others are dropped before parsing (see :func:`_known_lines`).
READ = {"BEGIN", "END", "VERSION", "FN", "N", "TITLE", "ROLE", "EMAIL", "TEL", "NOTE", "TZ"}
READ |= {CHANNEL, PRIMARY}
_OFFSET = re.compile(r"^([+-])(\d{2}):?(\d{2})$")


class VcfRefused(ValueError):
    """The text is not vCard at all; the message says so in one sentence."""


@dataclass(frozen=True)
class SkippedCard:
    """A card that was not imported: where it starts in the file and why."""

    position: int
    line: int
    name: str
    reason: str

    def __str__(self) -> str:
        who = f", {self.name}" if self.name else ""
        return f"card {self.position} (line {self.line}{who}) {self.reason}"


@dataclass(frozen=True)
class VcfReport:
    """What an import did: names created and updated, cards skipped, values left blank."""

    created: tuple[str, ...] = ()
    updated: tuple[str, ...] = ()
    skipped: tuple[SkippedCard, ...] = ()
    warnings: tuple[str, ...] = ()

    def __str__(self) -> str:
        count = len(self.created)
        text = f"Imported {count} contact{'' if count == 1 else 's'}"
        if self.updated:
            text += f", updated {len(self.updated)}"
        if self.skipped:
            text += f"; skipped {len(self.skipped)}: " + "; ".join(map(str, self.skipped))
        if self.warnings:
            text += "; " + "; ".join(self.warnings)
        return text


@dataclass(frozen=True)
class _Card:
    """One readable card: its cleaned values and the fields the card actually gave."""

    values: dict[str, Any]
    given: frozenset[str]


def export_vcf(db: Database, client_id: int) -> str:
    """The client's contacts as vCard 3.0, one card each, CRLF line ends, folded lines."""
    import vobject

    with db.reading() as session:
        client = fetch(session, Client, client_id, "Client")
        query = (
            select(Contact)
            .where(Contact.client_id == client_id)
            .order_by(
                col(Contact.is_primary).desc(), sa.func.lower(col(Contact.name)), col(Contact.id)
            )
        )
        contacts = list(session.exec(query))
    cards = []
    for contact in contacts:
        card = vobject.vCard()
        given, _, family = contact.name.rpartition(" ")
        if not given:  # a single word: a given name, as phones file it
            given, family = family, ""
        card.add("n").value = vobject.vcard.Name(family=family, given=given)
        card.add("fn").value = contact.name
        if contact.title:
            card.add("title").value = contact.title
        card.add("org").value = [client.name]
        if contact.email:
            card.add("email").type_param = "INTERNET"
            card.email.value = contact.email
        if contact.phone:
            card.add("tel").type_param = "VOICE"
            card.tel.value = contact.phone
        if contact.notes:
            card.add("note").value = contact.notes
        if contact.time_zone:
            # vCard 3.0 reads TZ as a UTC offset unless told the value is text.
            card.add("tz").value_param = "text"
            card.tz.value = contact.time_zone
        if contact.preferred_channel:
            card.add(CHANNEL).value = contact.preferred_channel
        card.add(PRIMARY).value = "TRUE" if contact.is_primary else "FALSE"
        cards.append(card.serialize())
    return "".join(cards)


def import_vcf(db: Database, client_id: int, text: str, *, region: str = "US") -> VcfReport:
    """Add the cards in ``text`` to the client's contacts, in one transaction.

    A card whose e-mail (or, if either side has none, whose name) matches an existing
    contact updates it with the values the card gives. Local phone numbers are read in
    ``region``. Raises :class:`VcfRefused` if ``text`` holds no vCard at all.
    """
    chunks = list(_split(text))
    if not chunks:
        raise VcfRefused("This is not a vCard file: it has no BEGIN:VCARD line.")
    cards: list[_Card] = []
    skipped: list[SkippedCard] = []
    warnings: list[str] = []
    for position, line, lines in chunks:
        result = _read(position, line, lines, region, warnings)
        if isinstance(result, SkippedCard):
            skipped.append(result)
        else:
            cards.append(result)
    created: list[str] = []
    updated: list[str] = []
    with db.transaction() as session:
        session.info["audit_action"] = "import"  # services.audit marks each entry
        fetch(session, Client, client_id, "Client")
        known = list(session.exec(select(Contact).where(Contact.client_id == client_id)))
        for card in cards:
            contact = _match(known, card.values)
            if contact is None:
                contact = Contact(client_id=client_id, **card.values)
                session.add(contact)
                known.append(contact)
                created.append(contact.name)
            else:
                changes = {name: card.values[name] for name in card.given}
                apply_changes(contact, changes, expected_version=None, what=contact.name)
                updated.append(contact.name)
            session.flush()
            _one_primary(session, contact)
    return VcfReport(tuple(created), tuple(updated), tuple(skipped), tuple(warnings))


def _split(text: str) -> Iterator[tuple[int, int, list[str]]]:
    """(position, first line number, lines) of each BEGIN:VCARD … END:VCARD block.

    A BEGIN inside a card starts a new one: the card before it was cut short (nested
    AGENT cards of vCard 2.1 are not supported), and is reported as not closed.
    """
    lines = _LINE_BREAK.split(text.removeprefix("\ufeff"))
    start: int | None = None
    position = 0
    for index, line in enumerate(lines):
        word = line.rstrip().upper()
        if word == "BEGIN:VCARD":
            if start is not None:
                position += 1
                yield position, start + 1, lines[start:index]
            start = index
        elif word == "END:VCARD" and start is not None:
            position += 1
            yield position, start + 1, lines[start : index + 1]
            start = None
    if start is not None:
        yield position + 1, start + 1, lines[start:]


def _read(
    position: int, line: int, lines: list[str], region: str, warnings: list[str]
) -> _Card | SkippedCard:
    """One card's values, cleaned like a form's, or the reason it cannot be imported."""
    import vobject
    from vobject.base import VObjectError

    try:
        text = "\r\n".join(_known_lines(lines)) + "\r\n"
        card = vobject.readOne(text, transform=False, allowQP=True)
    except (VObjectError, ValueError, LookupError) as error:
        if lines[-1].rstrip().upper() != "END:VCARD":
            return SkippedCard(position, line, "", "is not closed by END:VCARD")
        # vobject's own line numbers count oddly; its message names the bad line's text.
        reason = str(getattr(error, "msg", error)).strip().rstrip(".") or "is unreadable"
        return SkippedCard(position, line, "", f"could not be read: {reason}")
    raw: dict[str, Any] = {}
    name = _first_text(card, "fn") or _name_from_n(card)
    if not name:
        return SkippedCard(position, line, "", "has no name")
    raw["name"] = name
    if title := _first_text(card, "title") or _first_text(card, "role"):
        raw["title"] = title
    if email := _preferred(card, "email"):
        raw["email"] = email.removeprefix("mailto:").removeprefix("MAILTO:")
    if phone := _preferred(card, "tel"):
        raw["phone"] = _phone_text(phone)
    if notes := [text for text in _texts(card, "note") if text]:
        raw["notes"] = "\n".join(notes)
    if zone := _first_text(card, "tz"):
        raw["time_zone"] = _zone_text(zone)
    if channel := _first_text(card, CHANNEL):
        raw["preferred_channel"] = channel
    if primary := _first_text(card, PRIMARY):
        raw["is_primary"] = primary
    raw, dropped = drop_controls(raw)
    if dropped:
        name = raw["name"]
        warnings.append(f"card {position} ({name}): {dropped_text(dropped)}")
    rules = contact_rules(region)
    try:
        values, doubts = clean_imported(raw, rules, partial=False)
    except InvalidInput as error:
        strict = {f: m for f, m in error.errors.items() if f not in LENIENT}
        if strict:
            return SkippedCard(position, line, name, _bad(strict))
        for name_of_field in error.errors:
            word = LENIENT[name_of_field]
            warnings.append(
                f"card {position} ({name}): {word} '{raw.pop(name_of_field)}' not understood, "
                "left blank"
            )
        values, doubts = clean_imported(raw, rules, partial=False)
    for name_of_field in doubts:
        word = FIELD_WORDS.get(name_of_field, name_of_field)
        warnings.append(
            f"card {position} ({name}): {word} '{values[name_of_field]}' kept as typed and "
            "marked unverified: it is no number the app can read"
        )
    too_long = {
        name_of_field: f"longer than {width} characters"
        for name_of_field, width in WIDTHS.items()
        if len(values[name_of_field]) > width
    }
    if too_long:
        return SkippedCard(position, line, name, _bad(too_long))
    given = set(raw) | {UNVERIFIED[f] for f in raw if f in UNVERIFIED}  # a mark goes too
    return _Card(values, frozenset(given))


def _known_lines(lines: list[str]) -> list[str]:
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


def _bad(errors: Mapping[str, str]) -> str:
    return "; ".join(
        f"has a bad {FIELD_WORDS.get(name, name)}: {message.rstrip('.')}"
        for name, message in errors.items()
    )


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


def _first_text(card: Any, name: str) -> str:
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


def _preferred(card: Any, name: str) -> str:
    """The value marked preferred (4.0 ``PREF=1``, 3.0 ``TYPE=pref``), else the first."""
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
        if text := _decode(line):
            return text
    return ""


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


def _match(known: list[Contact], values: Mapping[str, Any]) -> Contact | None:
    """The contact a card describes: same e-mail; else same name where an e-mail is missing.

    Two people of the same name with different e-mail addresses stay two contacts.
    """
    email = values["email"].lower()
    if email:
        for contact in known:
            if contact.email.lower() == email:
                return contact
    name = values["name"].casefold()
    for contact in known:
        if contact.name.casefold() == name and not (email and contact.email):
            return contact
    return None


__all__ = ["SkippedCard", "VcfRefused", "VcfReport", "export_vcf", "import_vcf"]
