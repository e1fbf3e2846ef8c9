from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from handover_tui.domain import field_values as fv
from handover_tui.domain import validation as v
from handover_tui.domain.formatting import money_text, status_label
from handover_tui.domain.vocab import ClientStatus, LifecycleStage


def test_new_client_gets_defaults_and_clean_values():
    values = v.clean_client(
        {
            "name": "  Acme  ",
            "annual_value": "120,000.5",
            "renewal_date": "2027-03-31",
            "tags": "Strategic, upsell, strategic,",
            "currency": "eur",
        }
    )
    assert values["name"] == "Acme"
    assert values["annual_value"] == Decimal("120000.50")
    assert values["renewal_date"] == date(2027, 3, 31)
    assert values["tags"] == "strategic,upsell"
    assert values["currency"] == "EUR"
    assert values["status"] == ClientStatus.ACTIVE
    assert values["lifecycle_stage"] == LifecycleStage.ONBOARDING


def test_every_bad_field_is_reported_at_once():
    with pytest.raises(v.InvalidInput) as caught:
        v.clean_client({"name": " ", "renewal_date": "31/03/2027", "annual_value": "lots"})
    assert set(caught.value.errors) == {"name", "renewal_date", "annual_value"}
    assert "YYYY-MM-DD" in caught.value.errors["renewal_date"]


def test_partial_update_checks_only_given_fields():
    assert v.clean_client({"industry": "Energy"}, partial=True) == {"industry": "Energy"}


def test_unknown_field_is_refused():
    with pytest.raises(v.InvalidInput) as caught:
        v.clean_client({"name": "A", "colour": "red"})
    assert "colour" in caught.value.errors


@pytest.mark.parametrize("text", ["-5", "1.234", "1e20", "NaN"])
def test_bad_amounts(text):
    with pytest.raises(ValueError):
        fv.money(text)


@given(st.decimals(min_value=0, max_value=Decimal("99999999999.99"), places=2))
def test_money_text_reads_back_as_the_same_amount(amount):
    shown = money_text(amount, "USD")
    assert fv.money(shown.lstrip("$")) == amount


def test_email_and_phone_are_checked_by_their_libraries():
    assert fv.email(" Jane@Example.COM ") == "Jane@example.com"
    with pytest.raises(ValueError, match="e-mail"):
        fv.email("jane@")
    assert fv.phone("+44 20 7946 0958") == "+44 20 7946 0958"
    assert fv.phone("(212) 555-0100", region="US") == "+1 212-555-0100"
    with pytest.raises(ValueError, match="phone"):
        fv.phone("12")


def test_a_phone_number_invalid_for_its_region_is_refused_with_the_reason():
    """Possible in length but not a number in the region: refused, not stored as
    ``+1 5550199``."""
    for typed, region in (("555 0199", "US"), ("+1 555 0199", "US")):
        with pytest.raises(ValueError) as refused:
            fv.phone(typed, region=region)
        assert str(refused.value) == (
            f"'{typed}' is not a valid number in US: give the area code, or the whole "
            "number as +1 212 555 0199."
        )
    assert fv.phone("212 555 0199", region="US") == "+1 212-555-0199"


def test_time_zone_and_vocabulary():
    assert fv.time_zone("Europe/Berlin") == "Europe/Berlin"
    with pytest.raises(ValueError, match="time zone"):
        fv.time_zone("Mars/Olympus")
    assert ClientStatus.parse("In transition") is ClientStatus.IN_TRANSITION
    assert ClientStatus.parse("in-transition") is ClientStatus.IN_TRANSITION
    with pytest.raises(ValueError):
        ClientStatus.parse("sleeping")


def test_status_is_never_colour_alone():
    for status in ClientStatus:
        label = status_label(status.value)
        symbol, _, word = label.partition(" ")
        assert symbol and word == status.label


def test_each_status_has_one_word_that_fits_and_reads_back():
    for status in ClientStatus:
        assert status_label(status.value) == status_label(status.value, short=True)
        assert len(status_label(status.value)) <= 15
        assert ClientStatus.parse(status.label) is status
    assert ClientStatus.TRANSITION_PLANNED.label == "Planned"
    assert ClientStatus.POST_TRANSITION.label == "Post-handoff"


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("2027-02-31", "'2027-02-31': there is no 31 February 2027."),
        ("2026-04-31", "'2026-04-31': there is no 31 April 2026."),
        ("2027-13-01", "'2027-13-01': there is no month 13; use YYYY-MM-DD."),
        ("31/03/2027", "'31/03/2027' is not a date: use YYYY-MM-DD, e.g. 2027-03-31."),
    ],
)
def test_a_date_that_does_not_exist_is_named(typed, message):
    with pytest.raises(v.InvalidInput) as caught:
        v.clean_client({"name": "Acme", "renewal_date": typed})
    assert caught.value.errors["renewal_date"] == message
