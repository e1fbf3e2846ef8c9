"""Decoding, delimiters, records and report footers of spreadsheet exports."""

import pytest

from handover_tui.domain import csv_text as ct


@pytest.mark.parametrize(
    ("data", "text", "encoding"),
    [
        ("\ufeffName\nCafé".encode(), "Name\nCafé", "UTF-8"),
        ("Name\nCafé".encode(), "Name\nCafé", "UTF-8"),
        ("Name\nCafé".encode("cp1252"), "Name\nCafé", "Windows-1252"),
        (b"\xff\xfe" + "Name\tÅ\r\n".encode("utf-16-le"), "Name\tÅ\r\n", "UTF-16-LE"),
        (b"\xfe\xff" + "Name\tÅ\r\n".encode("utf-16-be"), "Name\tÅ\r\n", "UTF-16-BE"),
        ("Name\tÅs\r\n".encode("utf-16-le"), "Name\tÅs\r\n", "UTF-16-LE"),
        ("Name\tÅs\r\n".encode("utf-16-be"), "Name\tÅs\r\n", "UTF-16-BE"),
    ],
)
def test_decode_file(data, text, encoding):
    assert ct.decode_file(data) == ct.Decoded(text, encoding)


def test_a_broken_utf16_file_decodes_with_replacement_characters():
    assert ct.decode(b"\xff\xfeN\x00a\x00\x00\xd8") == "Na\ufffd"  # a lone surrogate


@pytest.mark.parametrize(
    "data", [b"PK\x03\x04zip", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"%PDF-1.7", b"A\x00,B\n"]
)
def test_binary_files_are_refused(data):
    with pytest.raises(ct.CsvError, match="save it from the spreadsheet as CSV UTF-8"):
        ct.decode_file(data)


@pytest.mark.parametrize(
    ("text", "delimiter"),
    [
        ("Name\tOwner\tValue\nA\tB\t1,5\n", "\t"),
        ("Name\tOwner\tNote;x\n", "\t"),
        ("sep=;\nName,Owner,Value\n", ";"),
        ("SEP=|\r\nName|Owner\n", "|"),
        ('"sep=,"\nName;Owner\n', ","),
        ("\ufeffsep=\t\nName,Owner\n", "\t"),
        ("Name;Owner,Industry\n", ","),  # a tie goes to the comma
    ],
)
def test_sniff_delimiter_with_tabs_and_excel_sep_line(text, delimiter):
    assert ct.sniff_delimiter(text) == delimiter


def test_records_skip_the_sep_line_and_count_lines_from_it():
    assert list(ct.records('sep=;\r\nName;Note\r\nA;"two\r\nlines"\r\nB;x\r\n')) == [
        (2, ["Name", "Note"]),
        (3, ["A", "two\r\nlines"]),
        (5, ["B", "x"]),
    ]


@pytest.mark.parametrize(
    ("cells", "footer"),
    [
        (["Grand Totals (12 records)"], True),
        (["Grand Totals (1 record)", "", "1,200.00"], True),
        (["Copyright (c) 2000-2026 salesforce.com, inc. All rights reserved."], True),
        (["", "Confidential Information - Do Not Distribute", ""], True),
        (["Confidential Information Ltd", "Security"], False),
        (["Grand Totals Cafe", "Food"], False),
        (["Copyright Office"], False),
        ([], False),
    ],
)
def test_is_report_footer(cells, footer):
    assert ct.is_report_footer(cells) is footer


def test_shown_keeps_a_value_on_one_short_visible_line():
    assert ct.shown("a\x1b[2Jb\nc") == "a␛[2Jb c"
    assert ct.shown("x" * 100, 10) == "xxxxxxxxx…"


def test_listed_quotes_a_bounded_number_of_values():
    assert ct.listed(["A", "B"]) == "'A', 'B'"
    assert ct.listed([str(n) for n in range(15)], 3) == "'0', '1', '2' and 12 more"
    assert ct.listed([]) == "none"
