"""Amounts in E notation, decimal marks of tab files, and CRM lifecycle stages."""

import pytest

from handover_tui.domain.crm_values import crm_stage, decimal_comma_in, plain_amount


@pytest.mark.parametrize(
    ("cell", "decimal_comma", "amount"),
    [
        ("6.0E7", False, "60000000"),
        ("1.25E7", False, "12500000"),
        ("1.5E+06", False, "1500000"),
        ("2.5e3", False, "2500"),
        ("6,0E7", True, "60000000"),
        ("$ 6.0E7", False, "60000000"),
        ("1.5E-1", False, "0.15"),
        ("-1E3", False, "-1000"),  # the validation rules refuse it
        ("6.0E", False, "6.0E"),  # not a number: left for the rules
        ("1E9999", False, "1E9999"),  # an exponent of 4 digits is no amount
    ],
)
def test_e_notation_is_written_out(cell, decimal_comma, amount):
    assert plain_amount(cell, decimal_comma=decimal_comma)[0] == amount


@pytest.mark.parametrize(
    ("cells", "comma"),
    [
        (["1.250.000,00", "84500,50", ""], True),
        (["1,250,000.00", "84500.50"], False),
        (["1200", "95000"], False),  # nothing tells: a point
        (["1.200.000", "3"], True),
        (["1,200,000"], False),
        (["1,200", "1.200"], False),  # a tie: a point
    ],
)
def test_decimal_comma_in(cells, comma):
    assert decimal_comma_in(cells) is comma


@pytest.mark.parametrize(
    ("cell", "result"),
    [
        ("Subscriber", ("onboarding", "subscriber", True)),
        ("Lead", ("onboarding", "lead", True)),
        ("Marketing Qualified Lead", ("onboarding", "marketing qualified lead", True)),
        ("salesqualifiedlead", ("onboarding", "sales qualified lead", True)),
        ("Opportunity", ("onboarding", "opportunity", True)),
        ("Customer", ("growth", "customer", True)),
        ("EVANGELIST", ("mature", "evangelist", True)),
        ("Other", ("", "other", True)),
        ("at_risk", ("at_risk", "", True)),
        ("Renewal", ("renewal", "", True)),
        ("", ("", "", True)),
        ("Churned  Customer", ("", "churned customer", False)),
    ],
)
def test_crm_stage(cell, result):
    assert crm_stage(cell) == result
