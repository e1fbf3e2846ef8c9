"""An owner's licences and certifications: record, list, remove and bring back."""

from datetime import date

import pytest

from handover_tui.domain.validation import InvalidInput, clean_credential
from handover_tui.services import NotFound, people


@pytest.fixture
def maya(db):
    return people.create_person(db, {"name": "Maya Okafor"})


def test_add_a_credential_with_clean_values(db, maya):
    fields = {"name": "  CFA Charter ", "issuer": "CFA Institute", "expires_on": "2027-03-31"}
    added = people.add_credential(db, maya.id, fields)
    assert added.id is not None
    (stored,) = people.list_credentials(db, maya.id)
    assert (stored.id, stored.person_id) == (added.id, maya.id)
    assert (stored.name, stored.issuer, stored.expires_on) == (
        "CFA Charter",
        "CFA Institute",
        date(2027, 3, 31),
    )


def test_credentials_are_listed_by_expiry_then_those_that_never_expire(db, maya):
    for name, expires_on in [
        ("Series 7", ""),
        ("Notary", "2027-01-10"),
        ("AML training", "2026-12-01"),
        ("bar admission", ""),
        ("Audit licence", "2027-01-10"),
    ]:
        people.add_credential(db, maya.id, {"name": name, "expires_on": expires_on})
    other = people.create_person(db, {"name": "Sam Reyes"})
    people.add_credential(db, other.id, {"name": "Someone else's"})
    listed = [c.name for c in people.list_credentials(db, maya.id)]
    assert listed == ["AML training", "Audit licence", "Notary", "bar admission", "Series 7"]


def test_remove_a_credential_then_restore_it(db, maya):
    kept = people.add_credential(db, maya.id, {"name": "Notary", "expires_on": "2027-01-10"})
    gone = people.add_credential(
        db, maya.id, {"name": "CFA Charter", "issuer": "CFA Institute", "expires_on": "2026-12-01"}
    )
    removed = people.remove_credential(db, gone.id)
    assert (removed.id, removed.name, removed.issuer) == (gone.id, "CFA Charter", "CFA Institute")
    assert [c.id for c in people.list_credentials(db, maya.id)] == [kept.id]
    with pytest.raises(NotFound):
        people.remove_credential(db, gone.id)
    restored = people.restore_credential(db, removed)
    assert restored.id == gone.id
    listed = people.list_credentials(db, maya.id)
    assert [c.id for c in listed] == [gone.id, kept.id]
    assert (listed[0].name, listed[0].issuer, listed[0].expires_on, listed[0].created_at) == (
        gone.name,
        gone.issuer,
        gone.expires_on,
        gone.created_at,
    )


def test_a_credential_needs_an_existing_person(db):
    with pytest.raises(NotFound):
        people.add_credential(db, 999, {"name": "Notary"})


def test_bad_fields_name_each_field_and_store_nothing(db, maya):
    with pytest.raises(InvalidInput) as caught:
        people.add_credential(db, maya.id, {"name": "  ", "expires_on": "31/03/2027"})
    assert set(caught.value.errors) == {"name", "expires_on"}
    assert "required" in caught.value.errors["name"]
    assert "YYYY-MM-DD" in caught.value.errors["expires_on"]
    with pytest.raises(InvalidInput) as caught:
        people.add_credential(db, maya.id, {"name": "x" * 201, "issuer": "y" * 201})
    assert set(caught.value.errors) == {"name", "issuer"}
    with pytest.raises(InvalidInput) as caught:
        people.add_credential(db, maya.id, {"name": "Notary", "level": "3"})
    assert set(caught.value.errors) == {"level"}
    assert people.list_credentials(db, maya.id) == []


def test_clean_credential_leaves_the_optional_fields_blank():
    assert clean_credential({"name": "Notary"}) == {
        "name": "Notary",
        "issuer": "",
        "expires_on": None,
    }
