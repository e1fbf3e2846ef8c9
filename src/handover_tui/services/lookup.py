"""Which client a typed name means: an id, an exact name in any case, or the only name
that starts with it. Shared by the services and the quick commands, over whatever rows
their read gave (anything with an ``id`` and a ``name``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, TypeVar

from handover_tui.services import NotFound


class Named(Protocol):
    @property
    def id(self) -> int: ...

    @property
    def name(self) -> str: ...


N = TypeVar("N", bound=Named)


class Ambiguous(LookupError):
    """More than one client answers to a name; ``candidates`` lists them."""

    def __init__(self, text: str, candidates: Sequence[Named]) -> None:
        self.candidates = list(candidates)
        names = ", ".join(f"{row.name} (#{row.id})" for row in candidates[:8])
        more = f" and {len(candidates) - 8} more" if len(candidates) > 8 else ""
        super().__init__(f"'{text}' could be {names}{more}: type more of the name, or the id.")


def pick(rows: Sequence[N], text: str) -> N:
    """The one row ``text`` names. Raises :class:`NotFound` or :class:`Ambiguous`."""
    wanted = text.strip()
    if wanted.lstrip("#").isdigit():
        number = int(wanted.lstrip("#"))
        for row in rows:
            if row.id == number:
                return row
        raise NotFound(f"There is no client #{number}.")
    key = wanted.casefold()
    for found in (
        [row for row in rows if row.name.casefold() == key],
        [row for row in rows if row.name.casefold().startswith(key)],
    ):
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            raise Ambiguous(wanted, found)
    raise NotFound(f"No client's name starts with '{wanted}'.")


__all__ = ["Ambiguous", "pick"]
