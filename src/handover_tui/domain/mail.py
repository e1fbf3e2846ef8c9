"""E-mail drafts: a template with placeholders filled in, and the RFC 5322 message that
carries it, built with the standard library's ``email`` package.

A template is plain text: a ``Subject:`` line, a blank line, then the body, with
``string.Template`` placeholders (``$client``, ``${incoming_name}``; ``$$`` is a dollar
sign). Every placeholder a template uses must be one the draft provides: a misspelt one
is an error naming it, never a ``$word`` left in a letter to a client.

Names and addresses come from the database, where an import may have put anything: an
address is checked with ``email_validator`` and must be plain ASCII, a display name loses
its control characters, and the ``email`` package quotes, encodes (RFC 2047) and folds
every header, so no value can end a header line or add one.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime
from string import Template

from handover_tui.domain.terminal import without_controls

# RFC 5322 lines end in CRLF; ``email`` reads either back.
POLICY = policy.default.clone(linesep="\r\n")
MAX_LINE = 998


class DraftError(ValueError):
    """A draft cannot be written; the message says which template, value or address."""


@dataclass(frozen=True)
class Mailbox:
    """A name and an address, as the database holds them (not yet checked)."""

    name: str
    address: str


@dataclass(frozen=True)
class DraftTemplate:
    """A template read from text: the subject line and the body, both with placeholders."""

    subject: str
    body: str
    source: str = "the template"

    @classmethod
    def parse(cls, text: str, *, source: str = "the template") -> DraftTemplate:
        """Read ``Subject: …``, a blank line, and the body; anything else is an error."""
        text = text.replace("\r\n", "\n").lstrip("\ufeff")
        head, _newline, body = text.partition("\n")
        name, colon, subject = head.partition(":")
        if not colon or name.strip().lower() != "subject" or not subject.strip():
            raise DraftError(
                f"{source}: the first line must be the subject, as 'Subject: $client …'."
            )
        if body.startswith("\n"):
            body = body[1:]
        elif body.strip():
            raise DraftError(f"{source}: leave a blank line between the subject and the body.")
        return cls(subject=subject.strip(), body=body, source=source)

    def placeholders(self) -> list[str]:
        """The placeholders used, subject first, each once."""
        seen: dict[str, None] = {}
        for part in (self.subject, self.body):
            seen.update(dict.fromkeys(Template(part).get_identifiers()))
        return list(seen)

    def fill(self, values: Mapping[str, str]) -> tuple[str, str]:
        """The subject (one line) and the body with every placeholder replaced.

        Raises :class:`DraftError` naming a placeholder the draft does not provide, or
        the line of a ``$`` that starts none (write ``$$`` for a dollar sign).
        """
        unknown = [name for name in self.placeholders() if name not in values]
        if unknown:
            known = ", ".join(f"${name}" for name in sorted(values))
            raise DraftError(f"{self.source}: no placeholder ${unknown[0]} (known: {known}).")
        filled = []
        for part, where in ((self.subject, "subject"), (self.body, "body")):
            try:
                filled.append(Template(part).substitute(values))
            except ValueError as error:
                raise DraftError(
                    f"{self.source}, {where}: {error} (write $$ for a dollar sign)."
                ) from None
        subject = " ".join(without_controls(filled[0]).split())
        return subject, without_controls(filled[1], multiline=True)


def checked_address(address: str, whose: str) -> str:
    """``address`` checked and normalised, or :class:`DraftError` naming ``whose`` it is.

    Only ASCII addresses (an international domain becomes its ASCII form): a draft is
    read by any mail client, and a non-ASCII local part needs one that speaks SMTPUTF8.
    """
    from email_validator import EmailNotValidError, validate_email

    text = address.strip()
    if not text:
        raise DraftError(f"{whose} has no e-mail address.")
    try:
        checked = validate_email(text, check_deliverability=False, allow_smtputf8=False)
    except EmailNotValidError as error:
        raise DraftError(f"{whose}: {text!r} is not an e-mail address: {error}") from None
    ascii_form = checked.ascii_email or checked.normalized
    if not ascii_form.isascii():  # pragma: no cover - allow_smtputf8=False refuses it first
        raise DraftError(f"{whose}: {text!r} is not an ASCII e-mail address.")
    return ascii_form


def display_name(name: str) -> str:
    """A name fit for a header: no control characters, one space between words."""
    return " ".join(without_controls(name).split())


def address_of(mailbox: Mailbox, whose: str) -> Address:
    """The header form of ``mailbox``; the address checked (see :func:`checked_address`)."""
    return Address(
        display_name=display_name(mailbox.name),
        addr_spec=checked_address(mailbox.address, whose),
    )


def build_message(
    *,
    sender: Address,
    to: Sequence[Address],
    cc: Sequence[Address] = (),
    subject: str,
    body: str,
    when: datetime,
) -> EmailMessage:
    """A UTF-8 plain-text message, marked as a draft still to be sent (``X-Unsent``)."""
    if not to:
        raise DraftError("The message has no recipient.")
    message = EmailMessage(policy=POLICY)
    message["From"] = sender
    message["To"] = list(to)
    if cc:
        message["Cc"] = list(cc)
    message["Subject"] = " ".join(without_controls(subject).split())  # one line, always
    message["Date"] = format_datetime(when)
    # Outlook opens a message with this header as a draft to send, not as received mail.
    message["X-Unsent"] = "1"
    text = body if body.endswith("\n") else body + "\n"
    longest = max((len(line.encode()) for line in text.splitlines()), default=0)
    # 8bit keeps the body readable in an editor; a line too long for it is quoted-printable.
    message.set_content(
        text, charset="utf-8", cte="8bit" if longest <= MAX_LINE else "quoted-printable"
    )
    return message


def message_text(message: EmailMessage) -> str:
    """The message as text, CRLF line ends, as an ``.eml`` file holds it.

    Made as bytes: ``as_string`` would turn an 8bit UTF-8 body into base64.
    """
    return message.as_bytes(policy=POLICY).decode("utf-8")


def bullet_lines(lines: Sequence[str], *, empty: str = "none") -> str:
    """``- line`` for each line, or ``empty`` when there are none."""
    return "\n".join(f"- {line}" for line in lines) if lines else empty


__all__ = [
    "POLICY",
    "DraftError",
    "DraftTemplate",
    "Mailbox",
    "address_of",
    "build_message",
    "bullet_lines",
    "checked_address",
    "display_name",
    "message_text",
]
