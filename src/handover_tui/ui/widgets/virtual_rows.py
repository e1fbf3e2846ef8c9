"""What the virtual table lists: the rows it needs (each with an ``id``), the callable that
turns a row into cells, and the listed rows looked up by id."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Protocol

from rich.text import Text

if TYPE_CHECKING:
    from handover_tui.ui.widgets.virtual_table import VirtualTable


class Row(Protocol):
    """What the table needs of a row: an id that stays the same across reloads."""

    @property
    def id(self) -> int: ...


Cells = Callable[[Any, list[tuple[str, str, int]]], Sequence[Text | str]]
"""Turns one row into its cells for the given (key, title, width) columns."""


class RowsById(Mapping[int, Any]):
    """The listed rows by id, looked up through the table's index."""

    def __init__(self, table: VirtualTable) -> None:
        self._table = table

    def __getitem__(self, row_id: int) -> Any:
        index = self._table.index_of(row_id)
        if index is None:
            raise KeyError(row_id)
        return self._table.rows[index]

    def __iter__(self) -> Iterator[int]:
        return (row.id for row in self._table.rows)

    def __len__(self) -> int:
        return self._table.row_count
