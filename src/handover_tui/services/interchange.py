"""The whole database as one JSON document: the export; the check and the import (or
merge) live in ``interchange_document`` and ``interchange_import`` and are re-exported.

The document is ``{"format": "handover", "version": 1, "exported_at": ..., "<table>": [...]}``
with every row of every table, every column included (ids too, so references survive).
Dates are ``YYYY-MM-DD``, timestamps ISO 8601 with their offset, money a decimal string.
"""

from __future__ import annotations

import json
from typing import Any, TextIO

import sqlalchemy as sa

from handover_tui.db.engine import Database
from handover_tui.models import utcnow
from handover_tui.services.interchange_document import (
    FORMAT,
    TABLES,
    VERSION,
    CheckedDocument,
    ImportRefused,
    check_document,
    table_fields,
)
from handover_tui.services.interchange_import import (
    ImportSummary,
    import_document,
    import_json,
    parse_json,
    read_json,
)


def export_document(db: Database) -> dict[str, Any]:
    """Every row of every table as a JSON-ready dict, ordered by id, keys sorted per row."""
    document: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": utcnow().isoformat(),
    }
    with db.reading() as session:
        if db.engine.dialect.name == "postgresql":
            # One snapshot for every table, as SQLite's single read transaction gives.
            session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
        for table in TABLES:
            fields = sorted(table_fields(table), key=lambda f: f.name)
            source = table.model.__table__  # type: ignore[attr-defined]
            rows = session.execute(sa.select(source).order_by(source.c.id)).mappings()
            document[table.name] = [
                {f.name: _dump(f.kind, row[f.name]) for f in fields} for row in rows
            ]
    return document


def _dump(kind: str, value: Any) -> Any:
    if value is None:
        return None
    if kind in ("date", "timestamp"):
        return value.isoformat()
    if kind == "money":
        return str(value)
    return value


def export_json(db: Database) -> str:
    """The document as JSON text: indented, UTF-8 as is, one key order for stable diffs."""
    return json.dumps(export_document(db), indent=2, ensure_ascii=False) + "\n"


def write_json(db: Database, stream: TextIO) -> None:
    """Write :func:`export_json` to an open text stream."""
    stream.write(export_json(db))


__all__ = [
    "FORMAT",
    "TABLES",
    "VERSION",
    "CheckedDocument",
    "ImportRefused",
    "ImportSummary",
    "check_document",
    "export_document",
    "export_json",
    "import_document",
    "import_json",
    "parse_json",
    "read_json",
    "write_json",
]
