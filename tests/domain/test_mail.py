"""E-mail drafts without a database: templates, addresses, and the message itself."""

from __future__ import annotations

from datetime import UTC, datetime
from email import message_from_bytes, policy
from email.headerregistry import Address

import pytest

from handover_tui.domain.mail import (
    DraftError,
    DraftTemplate,
    Mailbox,
    address_of,
    build_message,
    checked_address,
    display_name,
    message_text,
)
from handover_tui.domain.mail_templates import DEFAULTS, KINDS, PLACEHOLDERS

WHEN = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)


def parsed(text: str):
    """Read back as a mail client reads an .eml file: its bytes."""
    return message_from_bytes(text.encode("utf-8"), policy=policy.default)


def test_a_template_is_a_subject_line_a_blank_line_and_a_body():
    template = DraftTemplate.parse("Subject: Hello $client\n\nDear $name,\n\nCosts $$5.\n")
    assert template.placeholders() == ["client", "name"]
    subject, body = template.fill({"client": "Acme", "name": "Jo"})
    assert subject == "Hello Acme"
    assert body == "Dear Jo,\n\nCosts $5.\n"


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("Dear $name\n", "the first line must be the subject"),
        ("Subject:\n\nbody", "the first line must be the subject"),
        ("Subject: hi\nbody right away", "leave a blank line"),
    ],
)
def test_a_template_without_its_subject_line_is_refused(text, said):
    with pytest.raises(DraftError, match=said):
        DraftTemplate.parse(text, source="intro.txt")


def test_a_missing_placeholder_is_an_error_naming_it():
    template = DraftTemplate.parse("Subject: $client\n\nDear $clinet_name,\n", source="intro.txt")
    with pytest.raises(DraftError) as caught:
        template.fill({"client": "Acme", "recipient_names": "Jo"})
    message = str(caught.value)
    assert message.startswith("intro.txt: no placeholder $clinet_name")
    assert "$recipient_names" in message  # the known ones are listed


def test_a_dollar_that_starts_no_placeholder_names_the_line():
    template = DraftTemplate.parse("Subject: $client\n\nline one\nprice: $ 5\n")
    with pytest.raises(DraftError, match=r"body: Invalid placeholder.*line 2.*\$\$"):
        template.fill({"client": "Acme"})


def test_a_value_cannot_break_the_subject_line():
    template = DraftTemplate.parse("Subject: About $client\n\nbody\n")
    subject, _body = template.fill({"client": "Acme\r\nBcc: evil@example.com"})
    assert "\n" not in subject and "\r" not in subject


@pytest.mark.parametrize("kind", KINDS)
def test_the_built_in_templates_use_only_their_placeholders(kind):
    template = DraftTemplate.parse(DEFAULTS[kind])
    assert set(template.placeholders()) <= set(PLACEHOLDERS[kind])
    values = {name: f"<{name}>" for name in PLACEHOLDERS[kind]}
    subject, body = template.fill(values)
    assert "$" not in subject + body


@pytest.mark.parametrize(
    "address",
    [
        "",
        "no-at-sign",
        "a@b, c@example.com",
        "jo@example.com\r\nBcc: evil@example.com",
        "jo@example.com>, evil@example.com",
        '"jo"@example.com <x@y>',
        "josé@example.com",  # a non-ASCII local part needs SMTPUTF8
    ],
)
def test_a_hostile_or_bad_address_is_refused_naming_whose_it_is(address):
    with pytest.raises(DraftError, match=r"^Contact Jo"):
        checked_address(address, "Contact Jo")


def test_an_international_domain_becomes_its_ascii_form():
    assert checked_address("jo@bücher.example", "Jo") == "jo@xn--bcher-kva.example"


def test_a_display_name_loses_control_characters():
    assert display_name("Jo\r\nBcc: evil@example.com\x1b[2J") == "Jo Bcc: evil@example.com[2J"


def message(**overrides):
    fields = {
        "sender": Address("Tomás Alvarez", addr_spec="tomas@example.com"),
        "to": [Address("Zoë Ünal", addr_spec="zoe@client.example")],
        "cc": [Address("Helen Park", addr_spec="helen@example.com")],
        "subject": "Acme: introducing Helen Park",
        "body": "Dear Zoë,\n\nmeet Helen.\n",
        "when": WHEN,
    }
    fields.update(overrides)
    return build_message(**fields)


def test_the_message_reads_back_with_the_email_package():
    text = message_text(message())
    assert "\r\n" in text and "\n" not in text.replace("\r\n", "")
    back = parsed(text)
    assert back["From"].addresses[0].display_name == "Tomás Alvarez"
    assert back["To"].addresses[0].addr_spec == "zoe@client.example"
    assert back["Cc"].addresses[0].display_name == "Helen Park"
    assert back["Subject"] == "Acme: introducing Helen Park"
    assert back["Date"].datetime == WHEN
    assert back["X-Unsent"] == "1"
    assert back.get_content_type() == "text/plain"
    assert back.get_content_charset() == "utf-8"
    assert back.get_content().replace("\r\n", "\n") == "Dear Zoë,\n\nmeet Helen.\n"
    # Readable in an editor: UTF-8 as it is, not base64.
    assert "Dear Zoë" in text


def test_hostile_names_stay_inside_their_header():
    evil = "Evil <x@attacker.example>, Bcc: all@attacker.example\r\nX-Injected: yes"
    to = address_of(Mailbox(evil, "zoe@client.example"), "Contact")
    back = parsed(message_text(message(to=[to], subject="Hi\u2028there " + "long " * 40)))
    assert back["X-Injected"] is None and back["Bcc"] is None
    [only] = back["To"].addresses
    assert only.addr_spec == "zoe@client.example"
    assert "attacker" in only.display_name  # kept as a name, never as an address
    assert all(len(line) <= 78 for line in message_text(message()).split("\r\n")[:8])


def test_a_long_subject_is_folded_and_reads_back_whole():
    subject = "Überraschung " * 20
    back = parsed(message_text(message(subject=subject.strip())))
    assert back["Subject"] == subject.strip()


def test_a_line_too_long_for_8bit_goes_quoted_printable():
    body = "x" * 2000 + "\n"
    text = message_text(message(body=body))
    assert "quoted-printable" in text
    assert parsed(text).get_content().replace("\r\n", "\n") == body


def test_a_message_needs_a_recipient():
    with pytest.raises(DraftError, match="no recipient"):
        message(to=[])
