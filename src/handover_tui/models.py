"""The tables: every entity of the domain model, stored through SQLModel.

Enumerated values are stored as plain strings (see ``domain.vocab``) so that both SQLite
and PostgreSQL hold them the same way and a new value needs no schema change. Money is a
``Decimal`` stored as integer minor units; timestamps are timezone-aware UTC.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy.types import TypeDecorator
from sqlmodel import Field, SQLModel

from handover_tui.domain.terminal import terminal_text


def utcnow() -> datetime:
    """Now, in UTC, aware: the one clock every timestamp comes from."""
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """Stores naive UTC, returns aware UTC: SQLite keeps no zone, PostgreSQL agrees."""

    impl = sa.DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; use handover_tui.models.utcnow()")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


class Money(TypeDecorator[Decimal]):
    """An exact amount with two decimals, stored as integer cents (sortable, exact)."""

    impl = sa.BigInteger
    cache_ok = True

    def process_bind_param(self, value: Decimal | None, dialect: Any) -> int | None:
        if value is None:
            return None
        return int((Decimal(value) * 100).to_integral_exact())

    def process_result_value(self, value: int | None, dialect: Any) -> Decimal | None:
        return None if value is None else (Decimal(value) / 100).quantize(Decimal("0.01"))


class ShownText(TypeDecorator[str]):
    """Text that reads back safe to show on a terminal: a control character stored by
    another program (or before input refused them) comes back as a visible picture.

    A line (``ShownText(200)``) shows newlines and tabs too; a block keeps them.
    """

    impl = sa.Text
    cache_ok = True

    def __init__(self, length: int | None = None) -> None:
        super().__init__()
        self.length = length  # part of the type's cache key
        self.multiline = length is None
        self.impl = sa.Text() if length is None else sa.String(length)  # type: ignore[assignment]

    def process_result_value(self, value: str | None, dialect: Any) -> str | None:
        if value is None or value.isprintable():
            return value
        return terminal_text(value, multiline=self.multiline)


def _created() -> Any:
    return Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)


def _updated() -> Any:
    return Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)


def _short(**kwargs: Any) -> Any:
    return Field(default="", sa_type=ShownText(200), nullable=False, **kwargs)


def _long() -> Any:
    return Field(default="", sa_type=ShownText(), nullable=False)


def _unverified() -> Any:
    """The mark of a phone number kept as an import gave it, in a format the app could
    not verify (``domain.validation.UNVERIFIED``); saving it through a form clears it."""
    return Field(default=False, nullable=False, sa_column_kwargs={"server_default": sa.false()})


def _profile() -> Any:
    return Field(
        default="", sa_type=ShownText(200), nullable=False, sa_column_kwargs={"server_default": ""}
    )


def _zone() -> Any:
    return Field(
        default="", sa_type=sa.String(64), nullable=False, sa_column_kwargs={"server_default": ""}
    )


def _word(default: str, **kwargs: Any) -> Any:
    return Field(default=default, sa_type=sa.String(40), nullable=False, **kwargs)


class Person(SQLModel, table=True):
    """A member of the consulting side who can own accounts."""

    # The roster sorts by owner ignoring case (migration 0007).
    __table_args__ = (sa.Index("ix_person_lower_name", sa.func.lower(sa.text("name"))),)

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(sa_type=ShownText(200), index=True)
    email: str = _short()
    phone: str = _short()
    phone_unverified: bool = _unverified()
    role: str = _short()
    capacity: int = Field(default=0, nullable=False)
    # The profile (migration 0014): comma-separated lists as typed, and an IANA zone.
    department: str = _profile()
    skills: str = _profile()
    industries: str = _profile()
    languages: str = _profile()
    time_zone: str = _zone()
    archived_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    created_at: datetime = _created()
    updated_at: datetime = _updated()
    version: int = Field(default=1, nullable=False)


class Credential(SQLModel, table=True):
    """A licence or certification a person must hold (regulated industries)."""

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", index=True, ondelete="CASCADE")
    name: str = Field(sa_type=ShownText(200))
    issuer: str = _short()
    expires_on: date | None = None
    created_at: datetime = _created()


class Client(SQLModel, table=True):
    """A client account on the roster."""

    # The roster sorts by name ignoring case (migration 0007).
    __table_args__ = (sa.Index("ix_client_lower_name", sa.func.lower(sa.text("name"))),)

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(sa_type=ShownText(200), index=True)
    industry: str = _short()
    segment: str = _short()
    lifecycle_stage: str = _word("onboarding", index=True)
    status: str = _word("active", index=True)
    previous_status: str = _word("")
    owner_id: int | None = Field(default=None, foreign_key="person.id", index=True)
    deputy_id: int | None = Field(default=None, foreign_key="person.id")
    relationship_start: date | None = None
    renewal_date: date | None = Field(default=None, index=True)
    annual_value: Decimal | None = Field(default=None, sa_type=Money, index=True)
    currency: str = Field(default="USD", sa_type=sa.String(3), nullable=False)
    tags: str = _short()
    overview: str = _long()
    # Complexity (migration 0014): the weight counted against capacity, 1 to 5, derived
    # from the answers of the short form (``domain.complexity``); None: not answered.
    complexity: int = Field(default=1, nullable=False, sa_column_kwargs={"server_default": "1"})
    complexity_technical: int | None = None
    complexity_organisation: int | None = None
    complexity_geography: int | None = None
    complexity_customisation: int | None = None
    languages: str = _profile()  # migration 0014, as on a person's profile
    time_zone: str = _zone()  # of its headquarters
    archived_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    created_at: datetime = _created()
    updated_at: datetime = _updated()
    version: int = Field(default=1, nullable=False)


class Contact(SQLModel, table=True):
    """A stakeholder on the client's side."""

    id: int | None = Field(default=None, primary_key=True)
    client_id: int = Field(foreign_key="client.id", index=True, ondelete="CASCADE")
    name: str = Field(sa_type=ShownText(200))
    title: str = _short()
    email: str = _short()
    phone: str = _short()
    phone_unverified: bool = _unverified()
    preferred_channel: str = _word("")
    time_zone: str = Field(default="", sa_type=sa.String(64), nullable=False)
    is_primary: bool = Field(default=False, nullable=False)
    notes: str = _long()
    # The stakeholder map (migration 0011): vocabulary words, "" when not known.
    decision_role: str = _word("", sa_column_kwargs={"server_default": ""})
    seniority: str = _word("", sa_column_kwargs={"server_default": ""})
    sentiment: str = _word("", sa_column_kwargs={"server_default": ""})
    relationship_holder_id: int | None = Field(default=None, foreign_key="person.id")
    created_at: datetime = _created()
    updated_at: datetime = _updated()
    version: int = Field(default=1, nullable=False)


class Transition(SQLModel, table=True):
    """One handoff of one client from an outgoing to an incoming owner."""

    id: int | None = Field(default=None, primary_key=True)
    client_id: int = Field(foreign_key="client.id", index=True, ondelete="CASCADE")
    outgoing_id: int | None = Field(default=None, foreign_key="person.id")
    incoming_id: int | None = Field(default=None, foreign_key="person.id")
    reason: str = _word("other")
    reason_detail: str = _long()
    status: str = _word("active")
    status_reason: str = _long()
    preparation_start: date | None = None
    preparation_end: date | None = None
    execution_start: date | None = None
    execution_end: date | None = None
    support_start: date | None = None
    support_end: date | None = None
    overlap_end: date | None = None
    client_informed_on: date | None = None
    consent_required: bool = Field(default=False, nullable=False)
    consent_obtained_on: date | None = None
    summary_goals: str = _long()
    summary_current_state: str = _long()
    summary_work_done: str = _long()  # migration 0012
    summary_challenges: str = _long()
    summary_going_forward: str = _long()
    summary_outgoing_contact: str = _long()
    # How to reach the outgoing owner after the handoff (migration 0013): until when,
    # by which channel (a ``Channel`` word, "" when not said).
    summary_reachable_until: date | None = None
    summary_reach_channel: str = _word("", sa_column_kwargs={"server_default": ""})
    roles_outgoing: str = _long()
    roles_incoming: str = _long()
    roles_client: str = _long()
    template_name: str = _short()
    completion_override: str = _long()
    # The communication plan: days between contacts of each kind (None: no rhythm).
    every_status_meeting: int | None = None
    every_knowledge_transfer: int | None = None
    every_client_update: int | None = None
    every_check_in: int | None = None
    completed_on: date | None = None
    created_at: datetime = _created()
    updated_at: datetime = _updated()
    version: int = Field(default=1, nullable=False)


class ChecklistItem(SQLModel, table=True):
    """One step of a transition, in one phase, owned by a side or a person."""

    __tablename__ = "checklist_item"

    id: int | None = Field(default=None, primary_key=True)
    # Items of a transition carry both ids; a review of an alternative only the client's.
    transition_id: int | None = Field(
        default=None, foreign_key="transition.id", index=True, ondelete="CASCADE"
    )
    client_id: int | None = Field(
        default=None, foreign_key="client.id", index=True, ondelete="CASCADE"
    )
    phase: str = _word("preparation")
    title: str = Field(sa_type=ShownText(300))
    side: str = _word("outgoing")
    responsible_id: int | None = Field(default=None, foreign_key="person.id")
    due_on: date | None = None
    done_on: date | None = None
    notes: str = _long()
    position: int = Field(default=0, nullable=False)
    created_at: datetime = _created()
    updated_at: datetime = _updated()
    version: int = Field(default=1, nullable=False)


class ChecklistTemplate(SQLModel, table=True):
    """A named list of checklist items to start a transition from."""

    __tablename__ = "checklist_template"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(sa_type=ShownText(200), unique=True)
    description: str = _long()
    builtin: bool = Field(default=False, nullable=False)
    created_at: datetime = _created()
    updated_at: datetime = _updated()
    version: int = Field(default=1, nullable=False)


class ChecklistTemplateItem(SQLModel, table=True):
    """One item of a template, due a number of days after its phase starts."""

    __tablename__ = "checklist_template_item"

    id: int | None = Field(default=None, primary_key=True)
    template_id: int = Field(foreign_key="checklist_template.id", index=True, ondelete="CASCADE")
    phase: str = _word("preparation")
    title: str = Field(sa_type=ShownText(300))
    side: str = _word("outgoing")
    due_offset_days: int = Field(default=0, nullable=False)
    position: int = Field(default=0, nullable=False)


class Note(SQLModel, table=True):
    """A knowledge-transfer note on a client, optionally tied to a transition."""

    id: int | None = Field(default=None, primary_key=True)
    client_id: int = Field(foreign_key="client.id", index=True, ondelete="CASCADE")
    transition_id: int | None = Field(
        default=None, foreign_key="transition.id", ondelete="SET NULL"
    )
    category: str = _word("general")
    title: str = Field(sa_type=ShownText(300))
    body: str = _long()
    pinned: bool = Field(default=False, nullable=False)
    author: str = _short()
    deleted_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    created_at: datetime = _created()
    updated_at: datetime = _updated()
    version: int = Field(default=1, nullable=False)


class LooseEnd(SQLModel, table=True):
    """Something a handoff leaves to settle (migration 0013): who holds it (either
    owner, or the client and maybe one of its contacts), by when, and how it ended."""

    __tablename__ = "loose_end"

    id: int | None = Field(default=None, primary_key=True)
    client_id: int = Field(foreign_key="client.id", index=True, ondelete="CASCADE")
    # None only for a client with no handoff yet; its next plan takes it on.
    transition_id: int | None = Field(
        default=None, foreign_key="transition.id", index=True, ondelete="CASCADE"
    )
    title: str = Field(sa_type=ShownText(300))
    holder: str = _word("outgoing")
    contact_id: int | None = Field(default=None, foreign_key="contact.id", ondelete="SET NULL")
    due_on: date | None = None
    state: str = _word("open")
    closed_on: date | None = None
    drop_reason: str = _long()
    notes: str = _long()
    created_at: datetime = _created()
    updated_at: datetime = _updated()
    version: int = Field(default=1, nullable=False)


class Interaction(SQLModel, table=True):
    """One entry of the communication log: a meeting, session, update or check-in."""

    id: int | None = Field(default=None, primary_key=True)
    client_id: int = Field(foreign_key="client.id", index=True, ondelete="CASCADE")
    transition_id: int | None = Field(
        default=None, foreign_key="transition.id", ondelete="SET NULL"
    )
    kind: str = _word("check_in")
    occurred_on: date = Field(index=True)
    attendees: str = _long()
    summary: str = _long()
    next_planned_on: date | None = None
    created_at: datetime = _created()
    updated_at: datetime = _updated()
    version: int = Field(default=1, nullable=False)


class Feedback(SQLModel, table=True):
    """Feedback on a handoff from one side, rated 1 to 5."""

    id: int | None = Field(default=None, primary_key=True)
    client_id: int = Field(foreign_key="client.id", index=True, ondelete="CASCADE")
    transition_id: int | None = Field(
        default=None, foreign_key="transition.id", ondelete="SET NULL"
    )
    source: str = _word("client")
    author: str = _short()
    rating: int | None = None
    comment: str = _long()
    given_on: date
    created_at: datetime = _created()


class SignOff(SQLModel, table=True):
    """One signature of the final approval of a transition."""

    __tablename__ = "sign_off"

    id: int | None = Field(default=None, primary_key=True)
    transition_id: int = Field(foreign_key="transition.id", index=True, ondelete="CASCADE")
    name: str = Field(sa_type=ShownText(200))
    role: str = _short()
    side: str = _word("stakeholder")
    person_id: int | None = Field(default=None, foreign_key="person.id")
    required: bool = Field(default=True, nullable=False)
    signed_on: date | None = None
    created_at: datetime = _created()


class HealthSnapshot(SQLModel, table=True):
    """The client's satisfaction, revenue and renewal outcome on one date."""

    __tablename__ = "health_snapshot"

    id: int | None = Field(default=None, primary_key=True)
    client_id: int = Field(foreign_key="client.id", index=True, ondelete="CASCADE")
    taken_on: date = Field(index=True)
    satisfaction: int | None = None
    revenue: Decimal | None = Field(default=None, sa_type=Money)
    renewal_outcome: str = _word("")
    created_at: datetime = _created()


class Alternative(SQLModel, table=True):
    """An alternative to a change of owner, chosen for a client that needs attention,
    with the date it is to be reviewed (a checklist item of the client)."""

    id: int | None = Field(default=None, primary_key=True)
    client_id: int = Field(foreign_key="client.id", index=True, ondelete="CASCADE")
    kind: str = _word("improvement_plan")
    notes: str = _long()
    chosen_on: date
    review_on: date | None = None
    review_item_id: int | None = Field(
        default=None, foreign_key="checklist_item.id", ondelete="SET NULL"
    )
    author: str = _short()
    created_at: datetime = _created()
    updated_at: datetime = _updated()
    version: int = Field(default=1, nullable=False)


class Activity(SQLModel, table=True):
    """The audit trail: who changed which record, when, and what changed."""

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False, index=True)
    os_user: str = _short()
    # The name the user configured (``name`` in config.toml) beside the login; "" if none.
    actor: str = Field(
        default="", sa_type=ShownText(200), nullable=False, sa_column_kwargs={"server_default": ""}
    )
    action: str = _word("update")
    entity: str = _word("client")
    entity_id: int | None = None
    client_id: int | None = Field(default=None, index=True)
    summary: str = _long()
    changes: str = _long()
