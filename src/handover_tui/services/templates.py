"""Checklist templates: the built-in account transition plan and the user's own."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from handover_tui.db.engine import Database
from handover_tui.domain import plan
from handover_tui.domain.cleaning import InvalidInput, clean
from handover_tui.domain.field_values import optional_text, required_name
from handover_tui.domain.plan import DEFAULT_TEMPLATE, DEFAULT_TEMPLATE_NAME, TemplateItem
from handover_tui.domain.validation import clean_template_item
from handover_tui.domain.vocab import Phase, Side
from handover_tui.models import ChecklistItem, ChecklistTemplate, ChecklistTemplateItem, Transition
from handover_tui.services._records import fetch


@dataclass(frozen=True)
class TemplateChoice:
    """One template to pick from; ``id`` is None for the built-in one."""

    id: int | None
    name: str
    items: int

    @property
    def builtin(self) -> bool:
        return self.id is None


def list_templates(db: Database) -> list[TemplateChoice]:
    """The built-in template first, then the user's by name."""
    query = (
        select(
            col(ChecklistTemplate.id),
            col(ChecklistTemplate.name),
            sa.func.count(col(ChecklistTemplateItem.id)),
        )
        .outerjoin(
            ChecklistTemplateItem,
            col(ChecklistTemplateItem.template_id) == col(ChecklistTemplate.id),
        )
        .group_by(col(ChecklistTemplate.id), col(ChecklistTemplate.name))
        .order_by(sa.func.lower(ChecklistTemplate.name))
    )
    with db.reading() as session:
        rows = [TemplateChoice(row[0], row[1], row[2]) for row in session.execute(query)]
    return [TemplateChoice(None, DEFAULT_TEMPLATE_NAME, len(DEFAULT_TEMPLATE)), *rows]


def template_items(session: Session, template_id: int | None) -> tuple[str, list[TemplateItem]]:
    """A template's name and items, in order (None: the built-in one)."""
    if template_id is None:
        return DEFAULT_TEMPLATE_NAME, list(DEFAULT_TEMPLATE)
    template = session.get(ChecklistTemplate, template_id)
    if template is None:
        raise InvalidInput({"template_id": "That template does not exist any more."})
    rows = session.exec(
        select(ChecklistTemplateItem)
        .where(ChecklistTemplateItem.template_id == template_id)
        .order_by(col(ChecklistTemplateItem.position), col(ChecklistTemplateItem.id))
    )
    return template.name, [
        TemplateItem(Phase(row.phase), row.title, Side(row.side), row.due_offset_days)
        for row in rows
    ]


def read_template(db: Database, template_id: int | None) -> tuple[str, list[TemplateItem]]:
    with db.reading() as session:
        return template_items(session, template_id)


def _check_name(session: Session, name: str, template_id: int | None = None) -> str:
    values = clean({"name": name}, {"name": required_name}, partial=False)
    clash = session.exec(
        select(ChecklistTemplate.id).where(
            sa.func.lower(ChecklistTemplate.name) == values["name"].lower(),
            ChecklistTemplate.id != (template_id or -1),
        )
    ).first()
    if clash is not None or values["name"].lower() == DEFAULT_TEMPLATE_NAME.lower():
        raise InvalidInput({"name": "A template with that name exists already."})
    checked: str = values["name"]
    return checked


def save_as_template(
    db: Database, transition_id: int, fields: Mapping[str, Any]
) -> ChecklistTemplate:
    """Keep a transition's checklist, with each due date as an offset into its phase."""
    description = optional_text(fields.get("description"))
    with db.transaction() as session:
        name = _check_name(session, fields.get("name", ""))
        transition = fetch(session, Transition, transition_id, "Transition")
        starts = {phase: getattr(transition, f"{phase.value}_start") for phase in Phase}
        template = ChecklistTemplate(name=name, description=description)
        session.add(template)
        session.flush()
        assert template.id is not None  # the flush gave it one
        items = session.exec(
            select(ChecklistItem)
            .where(ChecklistItem.transition_id == transition_id)
            .order_by(col(ChecklistItem.position), col(ChecklistItem.id))
        )
        order = {phase.value: index for index, phase in enumerate(Phase)}
        for position, item in enumerate(
            sorted(items, key=lambda i: (order.get(i.phase, 9), i.position, i.id))
        ):
            start = starts.get(Phase(item.phase))
            session.add(
                ChecklistTemplateItem(
                    template_id=template.id,
                    phase=item.phase,
                    title=item.title,
                    side=item.side,
                    due_offset_days=plan.offset_in(start, item.due_on) if start else 0,
                    position=position,
                )
            )
        return template


def replace_items(db: Database, template_id: int, name: str, items: list[TemplateItem]) -> None:
    """Save an edited template whole: its name and its items in the given order."""
    with db.transaction() as session:
        template = fetch(session, ChecklistTemplate, template_id, "Template", lock=True)
        template.name = _check_name(session, name, template_id)
        errors = {
            f"item {n}": "A title is required."
            for n, item in enumerate(items, 1)
            if not item.title.strip()
        }
        errors.update(
            {
                f"item {n}": "The offset must be 0 to 365 days."
                for n, item in enumerate(items, 1)
                if not 0 <= item.offset <= 365
            }
        )
        if errors:
            raise InvalidInput(errors)
        session.execute(
            sa.delete(ChecklistTemplateItem).where(
                col(ChecklistTemplateItem.template_id) == template_id
            )
        )
        _add_items(session, template_id, items)
        template.version += 1


def create_template(db: Database, name: str, items: list[TemplateItem]) -> ChecklistTemplate:
    """A new user template, for instance a copy of the built-in one to adapt."""
    with db.transaction() as session:
        template = ChecklistTemplate(name=_check_name(session, name))
        session.add(template)
        session.flush()
        _add_items(session, template.id or 0, items)
        return template


def _add_items(session: Session, template_id: int, items: list[TemplateItem]) -> None:
    for position, item in enumerate(items):
        session.add(
            ChecklistTemplateItem(
                template_id=template_id,
                phase=item.phase.value,
                title=item.title.strip(),
                side=item.side.value,
                due_offset_days=item.offset,
                position=position,
            )
        )


def template_item(fields: Mapping[str, Any]) -> TemplateItem:
    """One template item from a form's values, checked."""
    values = clean_template_item(fields)
    return TemplateItem(
        Phase(values["phase"]), values["title"], Side(values["side"]), values["offset"]
    )


def delete_template(db: Database, template_id: int) -> None:
    with db.transaction() as session:
        template = fetch(session, ChecklistTemplate, template_id, "Template", lock=True)
        session.delete(template)
