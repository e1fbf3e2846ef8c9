"""A client's contacts as vCard: export them for a phone or mail app, import them back.

Export writes vCard 3.0, the version every address book reads, with a UID per contact
(``domain.vcard_text.contact_uid``) and lines folded at 75 octets. Import reads 3.0, 2.1
and 4.0, in UTF-8, UTF-16 or a legacy 8-bit charset (``domain.vcard_text.decode_vcf``):
vobject parses the content lines (folding, escapes, quoted-printable, parameters), and
``services.vcard_cards`` makes the values plain. Each card is parsed on its own, so one
broken card is reported with its line and the rest still import. A card is matched to a
contact by the UID our export gave it, else its e-mail, else its name; what a card holds
that a contact has no field for is kept as lines at the end of its notes.
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
from handover_tui.domain.vcard_text import (
    contact_uid,
    declare_qp_charsets,
    decode_vcf,
    kept_lines,
    with_kept,
)
from handover_tui.models import Client, Contact
from handover_tui.services._records import apply_changes, fetch
from handover_tui.services.contacts import _one_primary  # the one-primary rule, reused
from handover_tui.services.vcard_cards import CHANNEL, PRIMARY, card_values, known_lines

# A bad value in these does not cost the user the contact: the field is left blank. (A
# phone number in a format the app cannot verify is kept as typed, marked unverified.)
LENIENT = {"time_zone": "time zone", "preferred_channel": "preferred channel"}
FIELD_WORDS = {"name": "name", "title": "title", "email": "e-mail", "phone": "phone"}
# Column widths (see models.Contact): checked here so PostgreSQL never truncates or fails.
WIDTHS = {"title": 200, "email": 200, "phone": 200, "time_zone": 64}

_LINE_BREAK = re.compile(r"\r\n|\r|\n")


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
    unchanged: tuple[str, ...] = ()

    @property
    def failed(self) -> bool:
        """Every card was skipped: nothing was imported, updated or found unchanged."""
        return bool(self.skipped) and not (self.created or self.updated or self.unchanged)

    def __str__(self) -> str:
        count = len(self.created)
        text = f"Imported {count} contact{'' if count == 1 else 's'}"
        if self.updated:
            text += f", updated {len(self.updated)}"
        if self.unchanged:
            text += f", {len(self.unchanged)} unchanged"
        if self.skipped:
            text += f"; skipped {len(self.skipped)}: " + _first(list(map(str, self.skipped)))
        if self.warnings:
            text += "; " + _first(list(self.warnings))
        return text


# Skipped cards and warnings spelled out in a summary; the rest are counted, so a file of
# thousands of broken cards still gives a readable message.
SHOWN = 20


def _first(entries: list[str]) -> str:
    more = len(entries) - SHOWN
    return "; ".join(entries[:SHOWN]) + (f"; and {more} more" if more > 0 else "")


@dataclass(frozen=True)
class _Card:
    """One readable card: its cleaned values and the fields the card actually gave."""

    values: dict[str, Any]
    given: frozenset[str]
    uid: str = ""
    kept: str = ""
    """Lines for the end of the notes (see ``domain.vcard_text.kept_lines``)."""


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
        card.add("uid").value = _uid(contact)
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


def _uid(contact: Contact) -> str:
    assert contact.id is not None
    return contact_uid(contact.id, contact.created_at)


def import_vcf(db: Database, client_id: int, text: str | bytes, *, region: str = "US") -> VcfReport:
    """Add the cards in ``text`` (or a file's bytes) to the client's contacts, in one
    transaction.

    A card with the UID our export gave a contact, else the same e-mail, else (if either
    side has none) the same name, updates that contact with the values the card gives;
    one that would change nothing is counted as unchanged. Local phone numbers are read
    in ``region``. Raises :class:`VcfRefused` if ``text`` holds no vCard at all.
    """
    if isinstance(text, bytes):
        text = decode_vcf(text)
    chunks = list(_split(text))
    if not chunks:
        raise VcfRefused("This is not a vCard file: it has no BEGIN:VCARD line.")
    created: list[str] = []
    updated: list[str] = []
    unchanged: list[str] = []
    skipped: list[SkippedCard] = []
    warnings: list[str] = []
    with db.transaction() as session:
        session.info["audit_action"] = "import"  # services.audit marks each entry
        client = fetch(session, Client, client_id, "Client")
        known = list(session.exec(select(Contact).where(Contact.client_id == client_id)))
        for position, line, lines in chunks:
            card = _read(position, line, lines, region, warnings, client.name)
            if isinstance(card, SkippedCard):
                skipped.append(card)
                continue
            contact = _match(known, card)
            if contact is None:
                values = dict(card.values, notes=with_kept(card.values["notes"], card.kept))
                contact = Contact(client_id=client_id, **values)
                session.add(contact)
                known.append(contact)
                created.append(contact.name)
            else:
                changes = {name: card.values[name] for name in card.given}
                if card.kept:
                    changes["notes"] = with_kept(changes.get("notes", contact.notes), card.kept)
                if all(getattr(contact, name) == value for name, value in changes.items()):
                    unchanged.append(contact.name)
                    continue
                apply_changes(contact, changes, expected_version=None, what=contact.name)
                updated.append(contact.name)
            session.flush()
            _one_primary(session, contact)
    return VcfReport(
        tuple(created), tuple(updated), tuple(skipped), tuple(warnings), tuple(unchanged)
    )


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
    position: int, line: int, lines: list[str], region: str, warnings: list[str], client: str
) -> _Card | SkippedCard:
    """One card's values, cleaned like a form's, or the reason it cannot be imported."""
    import vobject
    from vobject.base import VObjectError

    try:
        text = "\r\n".join(declare_qp_charsets(known_lines(lines))) + "\r\n"
        card = vobject.readOne(text, transform=False, allowQP=True)
    except (VObjectError, ValueError, LookupError) as error:
        if lines[-1].rstrip().upper() != "END:VCARD":
            return SkippedCard(position, line, "", "is not closed by END:VCARD")
        # vobject's own line numbers count oddly; its message names the bad line's text.
        reason = str(getattr(error, "msg", error)).strip().rstrip(".") or "is unreadable"
        return SkippedCard(position, line, "", f"could not be read: {reason}")
    found = card_values(card, client)
    raw = found.raw
    if not raw.get("name"):
        return SkippedCard(position, line, "", "has no name")
    name = raw["name"]
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
    kept, _ = drop_controls({"notes": kept_lines(found.kept)})
    if found.kept:
        labels = ", ".join(dict.fromkeys(label.lower() for label, _ in found.kept))
        warnings.append(f"card {position} ({name}): kept in the notes: {labels}")
    return _Card(values, frozenset(given), found.uid, kept["notes"])


def _bad(errors: Mapping[str, str]) -> str:
    return "; ".join(
        f"has a bad {FIELD_WORDS.get(name, name)}: {message.rstrip('.')}"
        for name, message in errors.items()
    )


def _match(known: list[Contact], card: _Card) -> Contact | None:
    """The contact a card describes: the one our export gave the card's UID; else the
    same e-mail; else the same name where an e-mail is missing.

    Two people of the same name with different e-mail addresses stay two contacts, and
    a contact whose e-mail changed is still found by its UID.
    """
    if card.uid:
        for contact in known:
            if contact.id is not None and _uid(contact) == card.uid:
                return contact
    email = card.values["email"].lower()
    if email:
        for contact in known:
            if contact.email.lower() == email:
                return contact
    name = card.values["name"].casefold()
    for contact in known:
        if contact.name.casefold() == name and not (email and contact.email):
            return contact
    return None


__all__ = ["SkippedCard", "VcfRefused", "VcfReport", "export_vcf", "import_vcf"]
