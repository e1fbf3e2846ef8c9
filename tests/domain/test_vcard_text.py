"""vCard bytes to text, charsets of quoted-printable values, kept lines and UIDs."""

from datetime import UTC, datetime

from handover_tui.domain import vcard_text as vt


def test_decode_vcf_reads_each_line_in_its_own_charset():
    data = (
        "FN:Zoë Brontë\r\n".encode()
        + b"TITLE;CHARSET=ISO-8859-1:G\xe9rante\r\n"
        + b"NOTE:50 \x80\r\n"
        + b" f\xfcr alle\r\n"  # a folded line goes on in its property's charset
    )
    assert (
        vt.decode_vcf(data)
        == "FN:Zoë Brontë\r\nTITLE;CHARSET=ISO-8859-1:Gérante\r\nNOTE:50 €\r\n für alle\r\n"
    )


def test_decode_vcf_reads_utf16_and_utf8_with_a_bom():
    text = "BEGIN:VCARD\r\nFN:Åse\r\n"
    assert vt.decode_vcf(text.encode("utf-16")) == text
    assert vt.decode_vcf(text.encode("utf-16-be")) == text
    assert vt.decode_vcf(text.encode("utf-8-sig")) == text


def test_quoted_printable_without_a_charset_gets_windows_1252_unless_it_is_utf8():
    lines = [
        "FN;ENCODING=QUOTED-PRINTABLE:Pe=F1a",
        "NOTE;ENCODING=QUOTED-PRINTABLE:=C3=BC=",
        "=E9",
        "TITLE;ENCODING=QUOTED-PRINTABLE:Caf=C3=A9",
        "ORG;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:x",
    ]
    assert vt.declare_qp_charsets(lines) == [
        "FN;ENCODING=QUOTED-PRINTABLE;CHARSET=WINDOWS-1252:Pe=F1a",
        "NOTE;ENCODING=QUOTED-PRINTABLE;CHARSET=WINDOWS-1252:=C3=BC=",
        "=E9",
        "TITLE;ENCODING=QUOTED-PRINTABLE:Caf=C3=A9",
        "ORG;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:x",
    ]


def test_kept_lines_replace_an_earlier_block_and_never_lose_one():
    block = vt.kept_lines([("Phone (cell)", "+1 212 555 0100"), ("Nickname", "Bo")])
    assert block == "From the vCard:\nPhone (cell): +1 212 555 0100\nNickname: Bo"
    assert vt.with_kept("Met in Oslo.", block) == f"Met in Oslo.\n\n{block}"
    assert vt.with_kept(f"Met in Oslo.\n\n{block}", block) == f"Met in Oslo.\n\n{block}"
    assert vt.with_kept(f"Met in Oslo.\n\n{block}", "") == f"Met in Oslo.\n\n{block}"
    assert vt.with_kept("", block) == block
    assert vt.kept_lines([]) == ""


def test_contact_uid_is_stable_and_differs_by_id_and_creation():
    made = datetime(2026, 3, 1, 9, 30, 0, 123456, tzinfo=UTC)
    uid = vt.contact_uid(7, made)
    assert uid.startswith("urn:uuid:")
    assert vt.contact_uid(7, made.replace(tzinfo=None)) == uid  # aware or naive, one UID
    assert vt.contact_uid(8, made) != uid
    assert vt.contact_uid(7, made.replace(microsecond=0)) != uid
