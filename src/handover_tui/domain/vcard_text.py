"""The text of a vCard file before a parser sees it, and what a card holds beyond the
fields of a contact.

- :func:`decode_vcf` reads the bytes: UTF-16 (with a BOM, or without one when the NUL
  bytes give it away), UTF-8, and raw 8-bit vCard 2.1 lines in the charset they declare
  (``CHARSET=ISO-8859-1``) or Windows-1252, line by line, since one file may mix them.
- :func:`declare_qp_charsets` names Windows-1252 on quoted-printable values that declare
  no charset and are not UTF-8, as old Outlook exports write them.
- :func:`kept_lines` formats the phones, e-mails, organisation, address, birthday,
  nickname and categories a contact has no field for, as lines of its notes.
- :func:`contact_uid` is the UID a contact is exported with, stable across exports.
"""

from __future__ import annotations

import codecs
import quopri
import re
import uuid
from datetime import UTC, datetime

from handover_tui.domain.csv_text import utf16_without_bom

KEPT_HEADING = "From the vCard:"

_CHARSET = re.compile(r";\s*CHARSET=([^;:]+)", re.IGNORECASE)
_LINE = re.compile(rb"\r\n|\r|\n")


def _codec(name: str) -> str:
    """A Python codec for a declared charset; Windows-1252 for an unknown one."""
    try:
        return codecs.lookup(name.strip().strip('"')).name
    except LookupError:
        return "cp1252"


def decode_vcf(data: bytes) -> str:
    """The text of a vCard file, each line decoded on its own (see the module docstring).

    A line that is not UTF-8 is read in the charset its property declares, else
    Windows-1252 (which ISO-8859-1's letters share); nothing ever fails to decode.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        codec = "utf-16-le" if data.startswith(b"\xff\xfe") else "utf-16-be"
        return data[2:].decode(codec, errors="replace")
    if (codec16 := utf16_without_bom(data)) is not None:
        return data.decode(codec16, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    lines: list[str] = []
    charset = "cp1252"
    for raw in _LINE.split(data):
        if raw[:1] not in (b" ", b"\t"):  # a folded line goes on in its property's charset
            head = raw.split(b":", 1)[0].decode("ascii", errors="replace")
            found = _CHARSET.search(head)
            charset = _codec(found.group(1)) if found else "cp1252"
        try:
            lines.append(raw.decode("utf-8"))
        except UnicodeDecodeError:
            lines.append(raw.decode(charset, errors="replace"))
    return "\r\n".join(lines)


def declare_qp_charsets(lines: list[str]) -> list[str]:
    """``lines`` with ``;CHARSET=WINDOWS-1252`` added to each quoted-printable property
    that declares no charset and whose bytes are not UTF-8 (vobject reads those as
    UTF-8 and fails the card)."""
    out: list[str] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        head, colon, _ = line.partition(":")
        end = index + 1
        if colon and "QUOTED-PRINTABLE" in head.upper() and not _CHARSET.search(head):
            while lines[end - 1].endswith("=") and end < len(lines):
                end += 1
            value = "\r\n".join([line.partition(":")[2], *lines[index + 1 : end]])
            try:
                quopri.decodestring(value.encode("latin-1", errors="replace")).decode("utf-8")
            except UnicodeDecodeError:
                line = f"{head};CHARSET=WINDOWS-1252:{line.partition(':')[2]}"
        out.append(line)
        out.extend(lines[index + 1 : end])
        index = end
    return out


def kept_lines(entries: list[tuple[str, str]]) -> str:
    """``[("Phone (cell)", "+1 …"), …]`` as the block a contact's notes end with, under
    :data:`KEPT_HEADING`; "" for none."""
    if not entries:
        return ""
    return "\n".join([KEPT_HEADING, *(f"{label}: {value}" for label, value in entries)])


def with_kept(notes: str, block: str) -> str:
    """``notes`` ending with ``block``; a block already there (an import of our own
    export) is replaced, not repeated, and kept when the card brings none."""
    if not block:
        return notes
    before, heading, _ = notes.partition(KEPT_HEADING)
    base = before.rstrip() if heading else notes.rstrip()
    return "\n\n".join(part for part in (base, block) if part)


_UID_SPACE = uuid.UUID("5d0c1f4e-2b7a-4c39-9a55-7b2f8e6d1c03")


def contact_uid(contact_id: int, created_at: datetime) -> str:
    """The UID a contact is exported with: the same in every export of this database,
    different for a contact of another database (whose creation time differs)."""
    if created_at.tzinfo is not None:  # one database hands it back aware, another naive
        created_at = created_at.astimezone(UTC).replace(tzinfo=None)
    made = created_at.isoformat(timespec="microseconds")
    return f"urn:uuid:{uuid.uuid5(_UID_SPACE, f'contact/{contact_id}/{made}')}"


__all__ = [
    "KEPT_HEADING",
    "contact_uid",
    "declare_qp_charsets",
    "decode_vcf",
    "kept_lines",
    "with_kept",
]
