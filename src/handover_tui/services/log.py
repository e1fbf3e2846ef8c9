"""The communication log and the plan it is measured against."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import date
from typing import Any

from sqlmodel import col, select

from handover_tui.db.engine import Database
from handover_tui.domain import plan
from handover_tui.domain.plan import CadenceStatus
from handover_tui.domain.validation import clean_cadence, clean_interaction
from handover_tui.domain.vocab import InteractionKind
from handover_tui.models import Client, Interaction, Transition
from handover_tui.services._records import apply_changes, fetch, put_back

CADENCE_KINDS = ("status_meeting", "knowledge_transfer", "client_update", "check_in")


def list_interactions(db: Database, client_id: int) -> list[Interaction]:
    """The client's log, newest first."""
    query = (
        select(Interaction)
        .where(Interaction.client_id == client_id)
        .order_by(col(Interaction.occurred_on).desc(), col(Interaction.id).desc())
    )
    with db.reading() as session:
        return list(session.exec(query))


def add_interaction(db: Database, client_id: int, fields: Mapping[str, Any]) -> Interaction:
    """Log a contact; it belongs to the client's running transition, if there is one."""
    from handover_tui.services.transition_plan import RUNNING

    values = clean_interaction(fields)
    with db.transaction() as session:
        fetch(session, Client, client_id, "Client")
        running = session.exec(
            select(Transition.id).where(
                Transition.client_id == client_id, col(Transition.status).in_(RUNNING)
            )
        ).first()
        row = Interaction(client_id=client_id, transition_id=running, **values)
        session.add(row)
        session.flush()
        if running is not None and row.kind == InteractionKind.INTRODUCTION:
            from handover_tui.services.transition_checklist import record_informed

            record_informed(session, running, row.occurred_on)
        return row


def update_interaction(
    db: Database, interaction_id: int, fields: Mapping[str, Any], *, expected_version: int | None
) -> Interaction:
    values = clean_interaction(fields, partial=True)
    with db.transaction() as session:
        row = fetch(session, Interaction, interaction_id, "Log entry", lock=True)
        apply_changes(row, values, expected_version=expected_version, what="The log entry")
        return row


def delete_interaction(db: Database, interaction_id: int) -> Interaction:
    with db.transaction() as session:
        row = fetch(session, Interaction, interaction_id, "Log entry", lock=True)
        session.delete(row)
        return row


def restore_interaction(db: Database, row: Interaction) -> Interaction:
    with db.transaction() as session:
        fetch(session, Client, row.client_id, "Client")
        copy = put_back(session, row)
        return copy


def set_cadence(
    db: Database, transition_id: int, fields: Mapping[str, Any], *, expected_version: int | None
) -> Transition:
    """The communication plan: days between status meetings, sessions, updates, check-ins."""
    values = clean_cadence(fields)
    with db.transaction() as session:
        transition = fetch(session, Transition, transition_id, "Transition", lock=True)
        apply_changes(
            transition, values, expected_version=expected_version, what="The communication plan"
        )
        return transition


def cadence_report(db: Database, transition_id: int, today: date) -> list[CadenceStatus]:
    """For each planned rhythm: the periods with no contact logged, and the next one due."""
    with db.reading() as session:
        transition = fetch(session, Transition, transition_id, "Transition")
        logged = session.exec(
            select(col(Interaction.kind), col(Interaction.occurred_on)).where(
                Interaction.client_id == transition.client_id
            )
        ).all()
    from handover_tui.services.transition_plan import windows_of

    phases = windows_of(transition)
    report = []
    for kind in CADENCE_KINDS:
        every = getattr(transition, f"every_{kind}")
        span = plan.cadence_span(kind, phases, transition.completed_on)
        if every and span is not None:
            start, until = span
            dates = [day for logged_kind, day in logged if logged_kind == kind]
            status = plan.cadence_status(kind, every, start, until, dates, today)
            occurrences = plan.cadence_occurrences(every, start, until, dates, today)
            report.append(replace(status, occurrences=tuple(occurrences)))
    return report


__all__ = ["InteractionKind"]
