"""How the audit trail reads: one sentence for each entry, and fields and values named
as a reader would name them."""

from __future__ import annotations

from typing import Any

from handover_tui.domain.formatting import vocab_label
from handover_tui.domain.vocab import SIDE_LABELS
from handover_tui.models import (
    Alternative,
    ChecklistItem,
    ChecklistTemplate,
    ChecklistTemplateItem,
    Client,
    Contact,
    Credential,
    Feedback,
    HealthSnapshot,
    Interaction,
    LooseEnd,
    Note,
    Person,
    SignOff,
    Transition,
)

# How a field reads in a sentence, where its column name would not do.
_FIELD_LABELS = {
    "email": "e-mail",
    "owner_id": "owner",
    "deputy_id": "deputy",
    "responsible_id": "responsible person",
    "outgoing_id": "outgoing owner",
    "incoming_id": "incoming owner",
    "person_id": "person",
    "is_primary": "primary flag",
    "due_offset_days": "due offset",
    "relationship_start": "relationship start date",
    "preferred_channel": "preferred channel",
    "review_item_id": "review item",
    "summary_goals": "goals",
    "summary_current_state": "current state",
    "summary_work_done": "what we did for the client",
    "summary_challenges": "challenges",
    "summary_reachable_until": "date the outgoing owner is reachable until",
    "summary_reach_channel": "channel to reach the outgoing owner",
    "drop_reason": "reason for dropping it",
    "contact_id": "contact",
    "summary_going_forward": "going forward",
    "summary_outgoing_contact": "outgoing owner's contact details",
    "roles_outgoing": "outgoing owner's role",
    "roles_incoming": "incoming owner's role",
    "roles_client": "client's role",
    "every_status_meeting": "status meeting rhythm",
    "every_knowledge_transfer": "knowledge-transfer rhythm",
    "every_client_update": "client update rhythm",
    "every_check_in": "check-in rhythm",
    "completion_override": "reason to complete anyway",
    "status_reason": "reason for the status",
}


def field_label(name: str) -> str:
    """A column as a reader would name it: ``renewal_date`` → ``renewal date``."""
    if name in _FIELD_LABELS:
        return _FIELD_LABELS[name]
    if name.endswith("_on"):
        name = name[:-3] + "_date"
    return name.removesuffix("_id").replace("_", " ")


# The verb of each action, and how a child record is tied to its client's name.
_VERBS = {
    "create": ("Added", "to"),
    "import": ("Imported", "to"),
    "update": ("Changed", "on"),
    "delete": ("Deleted", "from"),
    "restore": ("Restored", "on"),
    "archive": ("Archived", "on"),
    "tick": ("Ticked", "on"),
    "untick": ("Unticked", "on"),
    "sign": ("Recorded", "on"),
    "unsign": ("Took back", "on"),
    "complete": ("Completed", "on"),
    "cancel": ("Cancelled", "on"),
    "pause": ("Paused", "on"),
    "resume": ("Resumed", "on"),
}


def _label(record: Any, *, bare: bool, owner: str) -> str:
    """What the record is called in a sentence; ``bare`` drops the noun of a client or
    person ("Archived Acme" rather than "Archived client Acme")."""
    if isinstance(record, Client | Person):
        noun = "client" if isinstance(record, Client) else "person"
        return record.name if bare else f"{noun} {record.name}"
    if isinstance(record, Credential):
        return f"credential “{record.name}” of {owner}"
    if isinstance(record, Contact):
        return f"contact “{record.name}”"
    if isinstance(record, ChecklistItem):
        return f"“{record.title}”" if bare else f"checklist item “{record.title}”"
    if isinstance(record, ChecklistTemplate):
        return f"template “{record.name}”"
    if isinstance(record, ChecklistTemplateItem):
        return f"“{record.title}” of template “{owner}”"
    if isinstance(record, Note):
        return f"note “{record.title}”"
    if isinstance(record, LooseEnd):
        return f"“{record.title}”" if bare else f"loose end “{record.title}”"
    if isinstance(record, Interaction):
        when = record.occurred_on.isoformat() if record.occurred_on else "no date"
        return f"the {vocab_label(record.kind).lower()} of {when}"
    if isinstance(record, Feedback):
        source = SIDE_LABELS.get(record.source) or vocab_label(record.source)
        return f"feedback from the {source.lower()}"
    if isinstance(record, SignOff):
        return f"the sign-off of {record.name}"
    if isinstance(record, HealthSnapshot):
        when = record.taken_on.isoformat() if record.taken_on else "no date"
        return f"the health snapshot of {when}"
    if isinstance(record, Alternative):
        return f"the alternative “{vocab_label(record.kind)}”"
    return f"{type(record).__tablename__} #{record.id}"


def _fields(names: list[str]) -> str:
    labels = [field_label(name) for name in names]
    if len(labels) > 3:
        return f"{len(labels)} fields"
    if len(labels) == 1:
        return f"the {labels[0]}"
    return "the " + ", ".join(labels[:-1]) + " and " + labels[-1]


def summary(
    record: Any,
    action: str,
    fields: list[str],
    *,
    client: str = "",
    owner: str = "",
    imported: bool = False,
) -> str:
    """One readable sentence: “Ticked “Introduce the successor” on Juniper Hotels”."""
    if imported and action == "create":
        action = "import"
    verb, preposition = _VERBS.get(action, ("Changed", "on"))
    bare = action not in ("create", "import", "delete")
    if isinstance(record, Transition):
        thing, tail = f"the handoff of {client or 'a client'}", ""
        if action == "create":
            verb = "Planned"
    else:
        thing = _label(record, bare=bare, owner=owner)
        tail = f" {preposition} {client}" if client and not isinstance(record, Client) else ""
    if action == "update":
        text = f"Changed {_fields(fields)} of {thing}{tail}"
    else:
        text = f"{verb} {thing}{tail}"
    return text + (" (import)" if imported and action != "import" else "")


def value_text(value: Any, field: str = "") -> str:
    """A stored value as one line: a dash for nothing, yes/no, ``#3`` for a reference,
    line breaks as spaces."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if field.endswith("_id") and isinstance(value, int):
        return f"#{value}"
    return " ".join(str(value).split())
