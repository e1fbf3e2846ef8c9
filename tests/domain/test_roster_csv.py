import csv
import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

from handover_tui.domain import roster_csv as rc

SALESFORCE_HEADERS = [
    "Account Name",
    "Account Owner",
    "Type",
    "Industry",
    "Annual Revenue",
    "Phone",
    "Website",
    "Created Date",
    "Description",
    "Contract End Date",
]
HUBSPOT_HEADERS = [
    "Company name",
    "Company owner",
    "Create Date",
    "Phone Number",
    "Industry",
    "Annual Revenue",
    "Company Domain Name",
    "Lifecycle Stage",
    "Type",
]


# --------------------------------------------------------------------------- decoding


def test_decode_strips_a_bom():
    assert rc.decode("\ufeffName\nCafé".encode()) == "Name\nCafé"


def test_decode_prefers_utf8_then_falls_back_to_cp1252():
    assert rc.decode("Café Müller GmbH".encode()) == "Café Müller GmbH"
    text = "Café Müller GmbH \u2013 \u201cSüd\u201d"  # en dash and curly quotes exist in cp1252
    assert rc.decode(text.encode("cp1252")) == text


def test_decode_never_fails():
    assert rc.decode(b"A\x81B") == "A\ufffdB"  # 0x81 is undefined in cp1252


@pytest.mark.parametrize(
    ("text", "delimiter"),
    [
        ("Name,Owner\nA,B\n", ","),
        ("Name;Owner;Value\nA;B;1,5\n", ";"),
        ('"Name; legal";Owner\n', ";"),
        ('"Name; with; semicolons",Owner,Value\n', ","),  # quoted ones do not count
        ("Name\nA;B;C\n", ","),  # only the header line is looked at
        ("", ","),
    ],
)
def test_sniff_delimiter(text, delimiter):
    assert rc.sniff_delimiter(text) == delimiter


# ---------------------------------------------------------------------- header mapping


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Account Name", "name"),
        ("  account_name ", "name"),
        ("ACCOUNT-NAME", "name"),
        ("Company name", "name"),
        ("Client", "name"),
        ("Contact owner", "owner"),
        ("ARR", "annual_value"),
        ("Website URL", "website"),
        ("Company Domain Name", "website"),
        ("Contract End Date", "renewal_date"),
        ("Account Type", "segment"),
        ("Client since", "relationship_start"),
        ("Created Date", "relationship_start"),
        ("Annual Revenue Currency", "currency"),
        ("Description", "overview"),
        ("lifecycle_stage", "lifecycle_stage"),
        ("relationship_start", "relationship_start"),
        ("status", "status"),
    ],
)
def test_header_aliases(header, field):
    assert rc.HEADER_ALIASES[rc.normalise_header(header)] == field


@pytest.mark.parametrize("headers", [SALESFORCE_HEADERS, HUBSPOT_HEADERS])
def test_every_crm_header_is_recognised(headers):
    table = rc.read_rows(",".join(headers) + "\n")
    assert table.unmapped == []
    assert list(table.used) == headers
    assert table.rows == []


def test_parse_mapping_normalises_columns_and_fields():
    assert rc.parse_mapping(["Legal Entity=name", "Book value = Annual Value", "X=ignore"]) == {
        "legalentity": "name",
        "bookvalue": "annual_value",
        "x": "ignore",
    }


@pytest.mark.parametrize(
    ("pair", "message"),
    [
        ("Legal Entity", "--map 'Legal Entity': write it as Column=field"),
        ("=name", "--map '=name': write it as Column=field"),
        ("Legal Entity=nom", "--map 'Legal Entity=nom': 'nom' is not a field; use one of name"),
    ],
)
def test_parse_mapping_names_the_bad_pair(pair, message):
    with pytest.raises(rc.CsvError, match="^" + message.replace("(", r"\(")):
        rc.parse_mapping(["Good=name", pair])


# --------------------------------------------------------------------------- reading


def test_read_rows_counts_physical_lines_across_quoted_line_breaks():
    text = (
        "Name,Description,Owner\r\n"
        'Acme,"two\r\nlines",Maya\r\n'
        "\r\n"
        'Bluefin,"three\nshort\nlines",Jon\r\n'
        "Cobalt,,\r\n"
    )
    table = rc.read_rows(text)
    rows = table.rows
    assert table.used == {"Name": "name", "Description": "overview", "Owner": "owner"}
    assert table.unmapped == []
    assert [(line, values["name"]) for line, values in rows] == [
        (2, "Acme"),
        (5, "Bluefin"),
        (8, "Cobalt"),
    ]
    assert rows[0][1]["overview"] == "two\r\nlines"


def test_read_rows_reports_unmapped_columns_and_trims_cells():
    table = rc.read_rows("Record ID;Company; Region ;Owner\n7; Acme ;Nord;Maya\n")
    assert table.used == {"Company": "name", "Owner": "owner"}
    assert table.unmapped == ["Record ID", "Region"]
    assert table.rows == [(2, {"name": "Acme", "owner": "Maya"})]


def test_a_mapping_wins_over_the_aliases_and_can_ignore_a_column():
    text = "Company,Legal Entity,Lifecycle Stage\nACME,Acme Holdings AG,Customer\n"
    mapping = rc.parse_mapping(["Legal entity=name", "Lifecycle Stage=ignore"])
    table = rc.read_rows(text, mapping)
    assert table.used == {"Legal Entity": "name"}
    assert table.unmapped == ["Company"]  # its field is taken; an ignored column is not listed
    assert table.rows == [(2, {"name": "Acme Holdings AG"})]


def test_the_first_column_for_a_field_wins():
    table = rc.read_rows("Account Name,Name,Revenue,ARR\n")
    assert table.used == {"Account Name": "name", "Revenue": "annual_value"}
    assert table.unmapped == ["Name", "ARR"]
    assert table.columns[1].why == "name comes from 'Account Name'"


def test_a_mapping_for_a_missing_column_is_refused():
    with pytest.raises(rc.CsvError, match="no column 'legalentity'; its headers are 'Name'"):
        rc.read_rows("Name\nAcme\n", {"Legal Entity": "name"})


def test_an_empty_file_is_refused():
    with pytest.raises(rc.CsvError, match="empty"):
        rc.read_rows("")


def test_short_rows_are_fine_and_long_ones_are_flagged():
    rows = rc.read_rows("Name,Owner,Industry\nAcme\nBluefin,Jon,Finance,,\nCobalt,,,x\n").rows
    assert rows[0] == (2, {"name": "Acme"})
    assert rows[1] == (3, {"name": "Bluefin", "owner": "Jon", "industry": "Finance"})
    assert rows[2][1][rc.SURPLUS] == "the row has 4 cells where the header has 3"


def test_read_rows_takes_back_the_apostrophe_of_an_export():
    rows = rc.read_rows("name,industry\n'=1+1,'@home\n'plain,''quoted\n").rows
    assert rows == [
        (2, {"name": "=1+1", "industry": "@home"}),
        (3, {"name": "'plain", "industry": "'quoted"}),
    ]


# ---------------------------------------------------------------------- dates, amounts


@pytest.mark.parametrize(
    ("cell", "iso"),
    [
        ("2026-03-31", "2026-03-31"),
        ("2026-3-5", "2026-03-05"),
        ("3/31/2026", "2026-03-31"),
        ("12/1/2026", "2026-12-01"),
        ("31.03.2026", "2026-03-31"),
        ("1.12.2026", "2026-12-01"),
        ("2023-05-02 14:11", "2023-05-02"),
        ("2023-05-02T14:11:09Z", "2023-05-02"),
        ("3/1/2024, 10:22 AM", "2024-03-01"),
        ("", ""),
        ("next spring", "next spring"),  # left for the validation rules to refuse
    ],
)
def test_iso_date(cell, iso):
    assert rc.iso_date(cell) == iso


@pytest.mark.parametrize(
    ("cell", "reading"),
    [("31/02/2026", "month/day/year"), ("13/1/2026", "month/day/year"), ("30.2.2026", "day")],
)
def test_impossible_dates_say_how_they_were_read(cell, reading):
    with pytest.raises(ValueError, match=f"'{cell}' is not a date: it is read as {reading}"):
        rc.iso_date(cell)


@pytest.mark.parametrize(
    ("cell", "decimal_comma", "amount", "code"),
    [
        ("$1,200,000.00", False, "1200000.00", ""),
        ("1.200.000,00 €", True, "1200000.00", "EUR"),
        ("1.200.000,00 €", False, "1200000.00", "EUR"),  # both marks: the last is decimal
        ("1.200,50", True, "1200.50", ""),
        ("1200,5", True, "1200.5", ""),
        ("1,200", False, "1200", ""),  # comma file: a lone comma before 3 digits groups
        ("1.200", True, "1200", ""),  # semicolon file: a lone point before 3 digits groups
        ("1,5", False, "1.5", ""),
        ("1200.50", True, "1200.50", ""),
        ("£ 950", False, "950", "GBP"),
        ("EUR 1 200", False, "1200", "EUR"),
        ("1 200 000 usd", False, "1200000", "USD"),
        ("CHF 1'200.00", False, "1200.00", "CHF"),
        ("1\u202f200,00", True, "1200.00", ""),
        ("", False, "", ""),
        ("-5", False, "-5", ""),  # the validation rules refuse it
        ("1,2,3", False, "1,2,3", ""),  # grouping not in threes: left for the rules
        ("about 5k", False, "about 5k", ""),
    ],
)
def test_plain_amount(cell, decimal_comma, amount, code):
    assert rc.plain_amount(cell, decimal_comma=decimal_comma) == (amount, code)


def test_client_fields_converts_and_folds_phone_and_website_into_the_overview():
    row = rc.client_fields(
        {
            "name": "Acme",
            "owner": "Maya",
            "renewal_date": "3/31/2027",
            "annual_value": "1.200,50 €",
            "overview": "Key account.",
            "phone": "+47 22 00 00 00",
            "website": "acme.example",
        },
        decimal_comma=True,
    )
    assert row.owner == "Maya"
    assert row.problems == {}
    assert row.fields == {
        "name": "Acme",
        "renewal_date": "2027-03-31",
        "annual_value": "1200.50",
        "currency": "EUR",
        "overview": "Key account.\n\nPhone: +47 22 00 00 00\nWebsite: acme.example",
    }


def test_client_fields_reports_problems_by_field():
    row = rc.client_fields(
        {
            "name": "Acme",
            "renewal_date": "31/02/2026",
            "annual_value": "€5",
            "currency": "usd",
            rc.SURPLUS: "the row has 4 cells where the header has 3",
        }
    )
    assert row.fields == {"name": "Acme", "annual_value": "5"}
    assert set(row.problems) == {"renewal_date", "currency", rc.ROW}
    assert row.problems["currency"] == "the amount is in EUR but the currency cell says USD."


# --------------------------------------------------------------------------- writing


@pytest.mark.parametrize(
    ("cell", "safe"),
    [
        ('=HYPERLINK("http://evil.example","x")', '\'=HYPERLINK("http://evil.example","x")'),
        ("+1", "'+1"),
        ("-2", "'-2"),
        ("@x", "'@x"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("'x", "''x"),
        ("Acme", "Acme"),
        ("a=b", "a=b"),
        ("", ""),
    ],
)
def test_neutralise(cell, safe):
    assert rc.neutralise(cell) == safe


@given(st.text())
def test_unneutralise_undoes_neutralise(cell):
    assert rc.unneutralise(rc.neutralise(cell)) == cell


def test_write_rows_quotes_and_neutralises_every_cell():
    text = rc.write_rows(["name", "value"], [["=1+1", None], ['say "hi"', 5]])
    assert text.splitlines()[0] == '"name","value"'
    assert list(csv.reader(io.StringIO(text))) == [
        ["name", "value"],
        ["'=1+1", ""],
        ['say "hi"', "5"],
    ]
