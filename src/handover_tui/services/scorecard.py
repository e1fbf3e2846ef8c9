"""Per-owner scorecards: one read (``db.scorecard_read``) behind the people screen and
``handover scorecard``; the figures are explained in ``domain.scorecard``."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from handover_tui.db import scorecard_read
from handover_tui.db.read import Reader, reading
from handover_tui.domain.agenda import match_person
from handover_tui.domain.scorecard import Scorecard
from handover_tui.services import NotFound

if TYPE_CHECKING:
    from handover_tui.db.engine import Database


def read_scorecards(reader: Reader, today: date, *, person: str | None = None) -> list[Scorecard]:
    """Everyone's scorecard, by name, or the one of ``person`` (a name or e-mail)."""
    only = None
    if person is not None and person.strip():
        try:
            only = match_person(scorecard_read.people(reader), person)
        except LookupError as error:
            raise NotFound(str(error)) from None
    return scorecard_read.scorecards(reader, today, only=only)


def scorecards(db: Database, today: date) -> dict[int, Scorecard]:
    """Everyone's scorecard on the open database, by person id (the people screen)."""
    with reading(db) as reader:
        return {card.person_id: card for card in scorecard_read.scorecards(reader, today)}


__all__ = ["Scorecard", "read_scorecards", "scorecards"]
