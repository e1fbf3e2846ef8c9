"""The selected person's profile and scorecard, under the people list."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text

if TYPE_CHECKING:
    from handover_tui.services.people import PersonRow
    from handover_tui.services.scorecard import Scorecard


def profile_text(person: PersonRow, edit_key: str = "e") -> Text:
    """``Advisory · Europe/Berlin · speaks English, German`` then what they know."""
    text = Text()
    first = [part for part in (person.department, person.time_zone) if part]
    if person.languages:
        first.append(f"speaks {person.languages}")
    second = []
    if person.industries:
        second.append(f"knows {person.industries}")
    if person.skills:
        second.append(f"skills: {person.skills}")
    if not first and not second:
        hint = f"No profile yet: {edit_key} adds department, skills, industries, languages, zone."
        text.append(hint, "dim")
        return text
    text.append(" · ".join(first))
    if second:
        if first:
            text.append("\n")
        text.append(" · ".join(second))
    return text


def person_card(person: PersonRow, card: Scorecard | None, edit_key: str = "e") -> Text:
    """The profile, then the scorecard in two lines (once it is read)."""
    from handover_tui.domain.scorecard import summary

    text = profile_text(person, edit_key)
    if card is not None:
        text.append("\n")
        text.append(summary(card), "italic")
    return text
