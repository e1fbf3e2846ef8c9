"""Control characters: refused on the way in, made visible on the way out."""

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from handover_tui.domain.cleaning import InvalidInput, drop_controls
from handover_tui.domain.field_values import tags
from handover_tui.domain.terminal import (
    control_in,
    json_escaped,
    terminal_text,
    without_controls,
)
from handover_tui.domain.validation import clean_client, clean_contact, clean_note, clean_reason

TITLE = "Evil\x1b]2;pwned\x07Corp"  # sets the terminal's title
CLEAR = "x\x1b[2Jy"  # clears the screen
CLIPBOARD = "\x1b]52;c;cm0gLXJmIH4K\x07"  # replaces the clipboard
CSI = "a\x9b31mb"  # C1 CSI: the same as ESC [


def test_terminal_text_shows_every_control_character():
    assert terminal_text(TITLE) == "Evil␛]2;pwned␇Corp"
    assert terminal_text(CLEAR) == "x␛[2Jy"
    assert terminal_text(CSI) == "a\ufffd31mb"
    assert terminal_text("a\tb\nc\x7f") == "a␉b␊c␡"
    assert terminal_text("a\tb\nc", multiline=True) == "a\tb\nc"
    assert terminal_text("café - naïve ✓") == "café - naïve ✓"


@given(st.text())
def test_nothing_a_terminal_acts_on_survives(text):
    shown = terminal_text(text)
    assert len(shown) == len(text)  # one for one: styles stay where they were
    assert not any(ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F for c in shown)
    block = terminal_text(text, multiline=True)
    assert not any((ord(c) < 0x20 and c not in "\n\t") or 0x7F <= ord(c) <= 0x9F for c in block)


def test_control_in_names_the_first_refused_character():
    assert control_in("plain") is None
    assert control_in(TITLE) == "␛"
    assert control_in("two\nlines") == "␊"
    assert control_in("two\nlines\tok", multiline=True) is None
    assert control_in("bell\x07", multiline=True) == "␇"
    assert control_in(CSI, multiline=True) == "\ufffd"


def test_without_controls_keeps_lines_in_a_block_and_words_apart_in_a_line():
    assert without_controls(TITLE) == "Evil]2;pwnedCorp"
    assert without_controls("Jon\nBerg") == "Jon Berg"
    assert without_controls("one\r\ntwo\rthree\x1b", multiline=True) == "one\ntwo\nthree"


def test_json_escaped_keeps_the_same_json_without_c1_or_del():
    text = json.dumps({"name": "a\x9bb\x7fc\x1bd"}, ensure_ascii=False)
    escaped = json_escaped(text)
    assert "\x9b" not in escaped and "\x7f" not in escaped and "\x1b" not in escaped
    assert json.loads(escaped) == json.loads(text)


@pytest.mark.parametrize("field", ["name", "industry", "segment", "tags"])
def test_a_one_line_client_field_refuses_control_characters_and_line_breaks(field):
    for bad in (TITLE, CSI, "two\nlines", "tab\there"):
        with pytest.raises(InvalidInput) as raised:
            clean_client({"name": "Acme", field: bad})
        assert list(raised.value.errors) == [field]
        assert "\x1b" not in str(raised.value) and "\x9b" not in str(raised.value)


def test_a_block_field_keeps_lines_and_tabs_but_refuses_escapes():
    values = clean_client({"name": "Acme", "overview": "Goals:\n\t- grow\r\n- keep"})
    assert values["overview"] == "Goals:\n\t- grow\n- keep"
    with pytest.raises(InvalidInput) as raised:
        clean_client({"name": "Acme", "overview": CLEAR})
    assert raised.value.errors == {
        "overview": "Remove the control character ␛: it cannot be shown or printed safely."
    }


def test_contact_and_note_fields():
    for field in ("name", "title", "email", "phone"):
        with pytest.raises(InvalidInput) as raised:
            clean_contact({"name": "Ana", field: "x\x1b]52;c;AAAA\x07"})
        assert field in raised.value.errors
    assert clean_contact({"name": "Ana", "notes": "line one\nline two"})["notes"].count("\n") == 1
    with pytest.raises(InvalidInput) as raised:
        clean_note({"category": "general", "title": "T", "body": "text" + CLIPBOARD})
    assert list(raised.value.errors) == ["body"]


def test_tags_and_reasons_refuse_escapes():
    with pytest.raises(ValueError):
        tags("key, x\x1b[31m")
    with pytest.raises(InvalidInput):
        clean_reason("because\x1b[2J")
    assert clean_reason("because\nof this") == "because\nof this"


def test_drop_controls_reports_the_fields_it_cleaned():
    values, dropped = drop_controls({"name": TITLE, "overview": "a\r\nb", "industry": "ok"})
    assert values == {"name": "Evil]2;pwnedCorp", "overview": "a\nb", "industry": "ok"}
    assert dropped == ["name"]


def test_one_sentence_for_several_fields():
    with pytest.raises(InvalidInput) as raised:
        clean_client({"name": "", "currency": "dollars"})
    message = str(raised.value)
    assert message.endswith(".") and ".;" not in message and ".." not in message
