"""Who the user is: the configured name first, the passwd full name, then the login."""

from __future__ import annotations

import pytest

from handover_tui.domain.identity import Identity, gecos_name


def test_the_configured_name_wins_then_the_full_name_then_the_login():
    assert Identity(name="Maya Okafor", login="maya", full_name="M. O.").display_name == (
        "Maya Okafor"
    )
    assert Identity(login="maya", full_name="Maya O.").display_name == "Maya O."
    assert Identity(login="maya").display_name == "maya"
    assert Identity().display_name == ""
    assert Identity(name="  ", login="maya").configured is False
    assert Identity(name="Maya", login="maya").configured is True


def test_the_signature_names_title_and_how_to_reach():
    full = Identity(
        name="Maya Okafor", title="Account director", email="maya@ex.example", phone="+1 212"
    )
    assert full.signature == "Maya Okafor, Account director (maya@ex.example, +1 212)"
    assert Identity(name="Maya", email="m@x.example").signature == "Maya (m@x.example)"
    assert Identity(login="root").signature == "root"
    assert Identity(title="Director").signature == ""


@pytest.mark.parametrize(
    ("gecos", "login", "expected"),
    [
        ("Maya Okafor,Room 4,555,", "maya", "Maya Okafor"),
        ("root", "root", ""),
        ("", "maya", ""),
        ("& Smith", "john", "John Smith"),
        ("  Sam Lee  ", "sam", "Sam Lee"),
    ],
)
def test_gecos_name(gecos, login, expected):
    assert gecos_name(gecos, login) == expected
