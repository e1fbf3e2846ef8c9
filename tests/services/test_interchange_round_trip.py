"""The whole database as JSON: lossless round trips of the demo and of generated data."""

from __future__ import annotations

import json
import shutil
import tempfile
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.types import TypeDecorator
from sqlmodel import SQLModel, select

from handover_tui.db.engine import Database
from handover_tui.domain import complexity, field_values, profiles, validation
from handover_tui.domain.cleaning import BLOCK_FIELDS
from handover_tui.domain.plan import DEFAULT_TEMPLATE
from handover_tui.domain.vocab import (
    LOOSE_END_HOLDERS,
    AlternativeKind,
    Channel,
    ClientStatus,
    DecisionRole,
    InteractionKind,
    LifecycleStage,
    LooseEndState,
    NoteCategory,
    Phase,
    RenewalOutcome,
    Seniority,
    Sentiment,
    Side,
    TransitionReason,
    TransitionStatus,
    Vocabulary,
)
from handover_tui.models import Money, UTCDateTime
from handover_tui.services import search, templates
from handover_tui.services.interchange import (
    TABLES,
    ImportRefused,
    export_document,
    export_json,
    import_document,
    import_json,
)
from tests.services.conftest import content, opened


def test_every_table_and_column_is_exported(db: Database) -> None:
    assert {table.name for table in TABLES} == set(SQLModel.metadata.tables)
    document = export_document(db)
    assert document["format"] == "handover" and document["version"] == 1
    assert datetime.fromisoformat(document["exported_at"]).tzinfo is not None
    with db.reading() as session:
        names = set(session.execute(sa.text("SELECT name FROM sqlite_master")).scalars())
    assert not any(key.startswith(("note_fts", "alembic")) for key in document)
    assert {table.name for table in TABLES} <= names


def test_demo_round_trip(demo_db: Database, tmp_path) -> None:
    templates.create_template(demo_db, "Hotel handover", list(DEFAULT_TEMPLATE)[:3])
    first = json.loads(export_json(demo_db))
    assert content(first) == content(export_document(demo_db))
    client = first["client"][0]
    assert client["renewal_date"] is None or len(client["renewal_date"]) == 10
    amounts = [row["annual_value"] for row in first["client"] if row["annual_value"]]
    assert amounts and all(isinstance(a, str) and a.split(".")[1].isdigit() for a in amounts)
    assert first["checklist_template_item"], "the user template is part of the document"

    progress: list[tuple[int, int]] = []
    with opened(f"sqlite:///{tmp_path}/b.db") as other:
        summary = import_document(other, first, progress=lambda *args: progress.append(args))
        second = export_document(other)
        hits = [hit for hit in search.search(other, "Nimbus") if hit.kind == "note"]
    assert content(second) == content(first)
    assert summary.counts["client"] == len(first["client"]) == 29
    assert str(summary).startswith("Imported 6 people, 3 credentials, 29 clients, 79 contacts")
    total = sum(len(first[table.name]) for table in TABLES)
    assert progress[0] == (0, total) and progress[-1] == (total, total) and len(progress) > 3
    assert hits and hits[0].client_name


def test_import_json_reports_bad_json(db: Database) -> None:
    with pytest.raises(ImportRefused, match=r"not valid JSON \(line 1, column 2"):
        import_json(db, "{oops")


# -- generated data ---------------------------------------------------------------------
# Every value is one the app holds: a form would take it as it is (an import cleans each
# record by the domain's rules, so a value a form would refuse or rewrite has no place in
# a lossless round trip). Text comes trimmed, free of the control characters its field
# may not hold; vocabulary from its list; amounts and numbers within their rules.

_CHARS = st.characters(exclude_categories=("Cs", "Cc"))
_BLOCK_CHARS = st.characters(exclude_categories=("Cs", "Cc"), include_characters="\n\t")
_SPECIAL = st.sampled_from(
    [
        "",
        "Zoë Łódź — café 東京",
        "🤝👩🏽‍💻🇵🇹",
        "مرحبا بالعالم",
        "שלום עולם and back",
        "\u202eRTL override\u202c",
        '\' OR 1=1; -- "quoted" \\ backslash',
    ]
)
_SPECIAL_BLOCK = st.one_of(_SPECIAL, st.just("tab\there\nnew line\n\nend"))
_LONG = st.builds(lambda seed: (seed * 10_000)[:10_000], st.text(_CHARS, min_size=1, max_size=7))


def _line(width: int) -> st.SearchStrategy[str]:
    """One line as a form keeps it: trimmed, no control character, ``width`` at most."""
    return st.one_of(_SPECIAL, st.text(_CHARS, max_size=min(width, 40))).map(str.strip)


def _name(width: int) -> st.SearchStrategy[str]:
    return _line(width).map(lambda text: text or "Ann")


_BLOCK = st.one_of(_SPECIAL_BLOCK, _LONG, st.text(_BLOCK_CHARS, max_size=200)).map(str.strip)
_BODY = st.one_of(_SPECIAL_BLOCK, _LONG, st.text(_BLOCK_CHARS, max_size=200)).map(str.rstrip)
_DATES = st.one_of(
    st.sampled_from([date(1, 1, 1), date(9999, 12, 31), date(2024, 2, 29), date(2000, 2, 29)]),
    st.dates(),
)
_OFFSETS = st.sampled_from(
    [UTC, timezone(timedelta(hours=5, minutes=30)), timezone(-timedelta(hours=8))]
)
_TIMESTAMPS = st.one_of(
    st.sampled_from(
        [datetime(1, 1, 1, tzinfo=UTC), datetime(9999, 12, 31, 23, 59, 59, 999999, tzinfo=UTC)]
    ),
    st.datetimes(timezones=st.just(UTC)),
    st.datetimes(datetime(1900, 1, 1), datetime(2200, 1, 1), timezones=_OFFSETS),
)
_MONEY = st.one_of(
    st.sampled_from([Decimal("0.00"), Decimal("0.01"), Decimal("99999999999.99")]),
    st.decimals(0, 10**11, allow_nan=False, allow_infinity=False, places=2),
)


def _words(kind: type[Vocabulary], *, optional: bool = False) -> st.SearchStrategy[str]:
    return st.sampled_from(([""] if optional else []) + [member.value for member in kind])


_PHONES = st.one_of(
    st.sampled_from(["", "+1 212 555 0100", "+44 20 7946 0958", "+1 418-656-9254 ext. 102"]).map(
        field_values.phone
    ),
    st.sampled_from(["12", "call me maybe", "+0 000"]),  # kept as typed, marked unverified
)
_EMAILS = st.sampled_from(["", "ann@example.com", "zoë.łódź@example.org", "o'neil+x@sub.example"])
_TAGS = st.lists(st.text(_CHARS.filter(lambda c: c != ","), max_size=12), max_size=4)


def _word_list(parts: list[str]) -> str | None:
    """A profile's list as a form keeps it; None when too long to keep."""
    try:
        return profiles.word_list(parts)
    except ValueError:
        return None


_RULED: dict[str, st.SearchStrategy[Any]] = {
    "name": _name(200),
    "title": _line(200),
    "email": _EMAILS.map(field_values.email),
    "phone": _PHONES,
    "role": _line(200),
    "issuer": _line(200),
    "industry": _line(200),
    "segment": _line(200),
    "template_name": _line(200),
    "description": _line(500),
    "attendees": _line(500),
    "capacity": st.integers(0, 10_000),
    "lifecycle_stage": _words(LifecycleStage),
    "previous_status": _words(ClientStatus, optional=True),
    "currency": st.text("ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=3, max_size=3),
    "tags": _TAGS.map(field_values.tags).filter(lambda tags: len(tags) <= 200),
    "preferred_channel": _words(Channel, optional=True),
    "summary_reach_channel": _words(Channel, optional=True),
    "decision_role": _words(DecisionRole, optional=True),
    "seniority": _words(Seniority, optional=True),
    "sentiment": _words(Sentiment, optional=True),
    "time_zone": st.sampled_from(["", "UTC", "Europe/Berlin", "America/Argentina/Ushuaia"]),
    "reason": _words(TransitionReason),
    "phase": _words(Phase),
    "side": _words(Side),
    "source": _words(Side),
    "category": _words(NoteCategory),
    "body": _BODY,
    "rating": st.integers(1, 5),
    "satisfaction": st.integers(0, 10),
    "renewal_outcome": _words(RenewalOutcome, optional=True),
    "due_offset_days": st.integers(0, 365),
    **dict.fromkeys(validation.CADENCE_RULES, st.integers(1, 365)),
    **dict.fromkeys(complexity.CLIENT_RULES, st.integers(1, 5)),
    **dict.fromkeys(
        ("skills", "industries", "languages"), _TAGS.map(_word_list).filter(lambda v: v is not None)
    ),
}
_RULED_IN = {
    ("client", "status"): _words(ClientStatus),
    ("transition", "status"): _words(TransitionStatus),
    ("interaction", "kind"): _words(InteractionKind),
    ("alternative", "kind"): _words(AlternativeKind),
    ("checklist_item", "title"): _name(300),
    ("checklist_template_item", "title"): _name(300),
    ("note", "title"): _name(300),
    ("loose_end", "title"): _name(300),
    ("loose_end", "holder"): st.sampled_from(LOOSE_END_HOLDERS),
    ("loose_end", "state"): _words(LooseEndState),
}


def _values(table: str, column: sa.Column[Any]) -> st.SearchStrategy[Any]:
    kind = column.type
    if isinstance(kind, TypeDecorator) and not isinstance(kind, Money | UTCDateTime):
        kind = kind.impl_instance
    name = column.name
    if (table, name) in _RULED_IN:
        values = _RULED_IN[table, name]
    elif name in _RULED:
        values = _RULED[name]
    elif isinstance(kind, Money):
        values = _MONEY
    elif isinstance(kind, UTCDateTime):
        values = _TIMESTAMPS
    elif isinstance(kind, sa.Boolean):
        values = st.booleans()
    elif isinstance(kind, sa.Date):
        values = _DATES
    elif isinstance(kind, sa.Integer):
        values = st.integers(-(2**31), 2**31 - 1)
    elif isinstance(kind, sa.String) and kind.length:
        values = _line(kind.length)
    elif name in BLOCK_FIELDS:
        values = _BLOCK
    else:
        values = st.one_of(_LONG, _line(200))
    return st.one_of(st.none(), values) if column.nullable else values


def _unverified(phone: str) -> bool:
    try:
        field_values.phone(phone)
    except ValueError:
        return True
    return False


@st.composite
def databases(draw: st.DrawFn) -> list[SQLModel]:
    """Records of every table, every column drawn from its type, references consistent."""
    records: list[SQLModel] = []
    ids: dict[str, list[int]] = {}
    for table in TABLES:
        source = table.model.__table__  # type: ignore[attr-defined]
        wanted = draw(st.lists(st.integers(1, 10**6), max_size=3, unique=True))
        ids[table.name] = []
        for record_id in wanted:
            values: dict[str, Any] = {"id": record_id}
            for column in source.columns:
                if column.primary_key:
                    continue
                targets = [key.column.table.name for key in column.foreign_keys]
                if targets:
                    choices = ids[targets[0]]
                    if not choices and not column.nullable:
                        break
                    pick = st.sampled_from(choices) if choices else st.none()
                    values[column.name] = draw(
                        st.one_of(st.none(), pick) if column.nullable else pick
                    )
                else:
                    values[column.name] = draw(_values(table.name, column))
            else:
                if "phone_unverified" in values:
                    values["phone_unverified"] = _unverified(values["phone"])
                if table.name == "checklist_template":
                    values["name"] = f"{values['name']} #{record_id}"  # unique names
                records.append(table.model(**values))
                ids[table.name].append(record_id)
    return records


@pytest.fixture(scope="module")
def blank_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated, empty database file to copy: migrating once keeps examples quick."""
    path = tmp_path_factory.mktemp("blank") / "blank.db"
    with opened(f"sqlite:///{path}"):
        pass
    return path


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(records=databases())
def test_generated_round_trip(blank_file: Path, records: list[SQLModel]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        shutil.copy(blank_file, f"{folder}/a.db")
        shutil.copy(blank_file, f"{folder}/b.db")
        with opened(f"sqlite:///{folder}/a.db") as source:
            with source.transaction() as session:
                session.info["audit_skip"] = True  # exactly these rows, no trail of writing them
                for record in records:  # in table order: the ORM knows no relationships here
                    session.add(record)
                    session.flush()
            text = export_json(source)
            assert content(export_document(source)) == content(json.loads(text))
            stored = _stored(source)
        first = json.loads(text)
        with opened(f"sqlite:///{folder}/b.db") as target:
            summary = import_document(target, first)
            second = export_document(target)
            assert _stored(target) == stored  # the typed values, not only their JSON form
    assert content(second) == content(first)
    assert summary.total == len(records)
    for table in TABLES:
        columns = {column.name for column in table.model.__table__.columns}
        assert all(set(row) == columns for row in first[table.name])
        assert [row["id"] for row in first[table.name]] == sorted(
            record.id for record in records if isinstance(record, table.model)
        )


def _stored(db: Database) -> dict[str, list[dict[str, Any]]]:
    with db.reading() as session:
        return {
            table.name: [
                record.model_dump()
                for record in session.exec(select(table.model).order_by(table.model.id))
            ]
            for table in TABLES
        }
