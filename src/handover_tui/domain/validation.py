"""The rules of each kind of record, and the ``clean_*`` function that applies them.

One place for the rules, used by the services (and so by both the forms and the CLI).
Each ``clean_*`` function takes raw text values and returns typed ones, or raises
:class:`InvalidInput` with one message per bad field so a form can mark each of them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from handover_tui.domain import complexity
from handover_tui.domain.cleaning import InvalidInput as InvalidInput
from handover_tui.domain.cleaning import clean, verified
from handover_tui.domain.field_values import (
    MAX_BLOCK,
    Cleaner,
    capacity,
    currency,
    days,
    email,
    flag,
    money,
    note_body,
    offset_days,
    optional_block,
    optional_date,
    optional_days,
    optional_id,
    optional_text,
    phone,
    rating,
    required_date,
    required_id,
    required_name,
    required_title,
    satisfaction,
    short_text,
    stripped,
    time_zone,
    vocabulary,
)
from handover_tui.domain.field_values import tags as tags
from handover_tui.domain.profiles import word_list
from handover_tui.domain.terminal import control_in
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
)


def clean_reason(value: Any, field: str = "reason") -> str:
    """A reason given for a step (a pause, a cancellation, completing anyway): required."""
    text = stripped(value)
    if not text:
        raise InvalidInput({field: "Say why, so the history explains itself."})
    found = control_in(text.replace("\r\n", "\n"), multiline=True)
    if found is not None:
        raise InvalidInput({field: f"Remove the control character {found}."})
    if len(text) > MAX_BLOCK:
        raise InvalidInput({field: f"Keep it under {MAX_BLOCK:,} characters."})
    return text


CLIENT_RULES: dict[str, Cleaner] = {
    "name": required_name,
    "industry": short_text,
    "segment": short_text,
    "lifecycle_stage": vocabulary(LifecycleStage),
    "status": vocabulary(ClientStatus),
    "owner_id": optional_id,
    "deputy_id": optional_id,
    "relationship_start": optional_date,
    "renewal_date": optional_date,
    "annual_value": money,
    "currency": currency,
    "tags": tags,
    "overview": optional_block,
    "languages": word_list,
    "time_zone": time_zone,
}


CLIENT_DEFAULTS = {
    "lifecycle_stage": LifecycleStage.ONBOARDING.value,
    "status": ClientStatus.ACTIVE.value,
}


def clean_client(raw: Mapping[str, Any], *, partial: bool = False) -> dict[str, Any]:
    """Clean client fields; a new client gets stage and status defaults when left blank."""
    raw = dict(raw)
    if not partial:
        for key, default in CLIENT_DEFAULTS.items():
            if not stripped(raw.get(key)):
                raw[key] = default
    return clean(raw, CLIENT_RULES, partial=partial)


def contact_rules(region: str = "US") -> dict[str, Cleaner]:
    return {
        "name": required_name,
        "title": short_text,
        "email": email,
        "phone": lambda value: phone(value, region),
        "preferred_channel": vocabulary(Channel, optional=True),
        "time_zone": time_zone,
        "is_primary": flag,
        "notes": optional_block,
        "decision_role": vocabulary(DecisionRole, optional=True),
        "seniority": vocabulary(Seniority, optional=True),
        "sentiment": vocabulary(Sentiment, optional=True),
        "relationship_holder_id": optional_id,
    }


def clean_contact(
    raw: Mapping[str, Any],
    *,
    partial: bool = False,
    region: str = "US",
    on_file: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """A contact as a form gives it; ``on_file`` is the contact being edited, if any
    (see :func:`verified`)."""
    return verified(raw, contact_rules(region), partial=partial, on_file=on_file)


def person_rules(region: str = "US") -> dict[str, Cleaner]:
    return {
        "name": required_name,
        "email": email,
        "phone": lambda value: phone(value, region),
        "role": short_text,
        "capacity": capacity,
        "department": short_text,
        "skills": word_list,
        "industries": word_list,
        "languages": word_list,
        "time_zone": time_zone,
    }


def clean_identity(raw: Mapping[str, Any], region: str = "US") -> dict[str, Any]:
    """The user's own name and details for config.toml: the name is required."""
    rules: dict[str, Cleaner] = {
        "name": required_name,
        "title": short_text,
        "email": email,
        "phone": lambda value: phone(value, region),
        "me": short_text,
    }
    return clean(raw, rules, partial=False)


def clean_person(
    raw: Mapping[str, Any],
    *,
    partial: bool = False,
    region: str = "US",
    on_file: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """A person as a form gives them; ``on_file`` is the person being edited, if any."""
    return verified(raw, person_rules(region), partial=partial, on_file=on_file)


ITEM_RULES: dict[str, Cleaner] = {
    "phase": vocabulary(Phase),
    "title": required_title,
    "side": vocabulary(Side),
    "responsible_id": optional_id,
    "due_on": optional_date,
    "notes": optional_block,
}


def clean_item(raw: Mapping[str, Any], *, partial: bool = False) -> dict[str, Any]:
    return clean(raw, ITEM_RULES, partial=partial)


START_RULES: dict[str, Cleaner] = {
    "incoming_id": required_id,
    "reason": vocabulary(TransitionReason),
    "reason_detail": optional_block,
    "start": required_date,
    "preparation_days": days,
    "execution_days": days,
    "support_days": days,
    "template_id": optional_id,
    "consent_required": flag,
}


def clean_start(raw: Mapping[str, Any]) -> dict[str, Any]:
    """A new transition's choices; the lengths of the phases default to the usual ones."""
    raw = {"preparation_days": 14, "execution_days": 30, "support_days": 14, **raw}
    for key in ("preparation_days", "execution_days", "support_days"):
        if not stripped(raw[key]):
            raw[key] = {"preparation_days": 14, "execution_days": 30, "support_days": 14}[key]
    return clean(raw, START_RULES, partial=False)


DATE_FIELDS = [
    f"{phase}_{edge}"
    for phase in ("preparation", "execution", "support")
    for edge in ("start", "end")
]

TRANSITION_RULES: dict[str, Cleaner] = {
    **{name: required_date for name in DATE_FIELDS},
    "overlap_end": optional_date,
    "client_informed_on": optional_date,
    "consent_required": flag,
    "consent_obtained_on": optional_date,
    "reason": vocabulary(TransitionReason),
    "reason_detail": optional_block,
    "roles_outgoing": optional_block,
    "roles_incoming": optional_block,
    "roles_client": optional_block,
}


def clean_transition(raw: Mapping[str, Any]) -> dict[str, Any]:
    return clean(raw, TRANSITION_RULES, partial=True)


SIGN_OFF_RULES: dict[str, Cleaner] = {
    "name": required_name,
    "role": short_text,
    "side": vocabulary(Side),
    "required": flag,
    "signed_on": optional_date,
}


def clean_sign_off(raw: Mapping[str, Any], *, partial: bool = False) -> dict[str, Any]:
    return clean(raw, SIGN_OFF_RULES, partial=partial)


TEMPLATE_ITEM_RULES: dict[str, Cleaner] = {
    "title": required_title,
    "phase": vocabulary(Phase),
    "side": vocabulary(Side),
    "offset": offset_days,
}


def clean_template_item(raw: Mapping[str, Any]) -> dict[str, Any]:
    return clean(raw, TEMPLATE_ITEM_RULES, partial=False)


NOTE_RULES: dict[str, Cleaner] = {
    "category": vocabulary(NoteCategory),
    "title": required_title,
    "body": note_body,
    "pinned": flag,
}


def clean_note(raw: Mapping[str, Any], *, partial: bool = False) -> dict[str, Any]:
    return clean(raw, NOTE_RULES, partial=partial)


SUMMARY_RULES: dict[str, Cleaner] = {
    name: optional_block
    for name in (
        "summary_goals",
        "summary_current_state",
        "summary_work_done",
        "summary_challenges",
        "summary_going_forward",
        "summary_outgoing_contact",
    )
}
SUMMARY_RULES["summary_reachable_until"] = optional_date
SUMMARY_RULES["summary_reach_channel"] = vocabulary(Channel, optional=True)


def clean_summary(raw: Mapping[str, Any]) -> dict[str, Any]:
    return clean(raw, SUMMARY_RULES, partial=True)


def loose_end_holder(value: Any) -> str:
    """Who holds a loose end: the outgoing or incoming owner, or the client."""
    text = stripped(value).lower().replace(" owner", "")
    if text not in LOOSE_END_HOLDERS:
        raise ValueError("Pick the outgoing owner, the incoming owner or the client.")
    return text


LOOSE_END_RULES: dict[str, Cleaner] = {
    "title": required_title,
    "holder": loose_end_holder,
    "contact_id": optional_id,
    "due_on": optional_date,
    "notes": optional_block,
}


def clean_loose_end(raw: Mapping[str, Any], *, partial: bool = False) -> dict[str, Any]:
    """A loose end as a form gives it; a named contact makes the client its holder."""
    values = clean(raw, LOOSE_END_RULES, partial=partial)
    if values.get("contact_id") is not None:
        values["holder"] = "client"
    elif "holder" in values and values["holder"] != "client":
        values["contact_id"] = None
    return values


FEEDBACK_RULES: dict[str, Cleaner] = {
    "source": vocabulary(Side),
    "author": short_text,
    "rating": rating,
    "comment": optional_block,
    "given_on": required_date,
}


def clean_feedback(raw: Mapping[str, Any]) -> dict[str, Any]:
    return clean(raw, FEEDBACK_RULES, partial=False)


CADENCE_RULES: dict[str, Cleaner] = {
    f"every_{kind}": optional_days
    for kind in ("status_meeting", "knowledge_transfer", "client_update", "check_in")
}


def clean_cadence(raw: Mapping[str, Any]) -> dict[str, Any]:
    return clean(raw, CADENCE_RULES, partial=True)


INTERACTION_RULES: dict[str, Cleaner] = {
    "kind": vocabulary(InteractionKind),
    "occurred_on": required_date,
    "attendees": optional_text,
    "summary": optional_block,
    "next_planned_on": optional_date,
}


def clean_interaction(raw: Mapping[str, Any], *, partial: bool = False) -> dict[str, Any]:
    return clean(raw, INTERACTION_RULES, partial=partial)


CREDENTIAL_RULES: dict[str, Cleaner] = {
    "name": required_name,
    "issuer": short_text,
    "expires_on": optional_date,
}


def clean_credential(raw: Mapping[str, Any]) -> dict[str, Any]:
    """A licence or certification: its name, who issued it, and when it expires if ever."""
    return clean(raw, CREDENTIAL_RULES, partial=False)


HEALTH_RULES: dict[str, Cleaner] = {
    "taken_on": required_date,
    "satisfaction": satisfaction,
    "revenue": money,
    "renewal_outcome": vocabulary(RenewalOutcome, optional=True),
}


def clean_health(raw: Mapping[str, Any]) -> dict[str, Any]:
    """A health snapshot: at least one of satisfaction, revenue or renewal outcome."""
    values = clean(raw, HEALTH_RULES, partial=False)
    if (values["satisfaction"], values["revenue"], values["renewal_outcome"]) == (None, None, ""):
        raise InvalidInput({"satisfaction": "Give a score, a revenue or a renewal outcome."})
    return values


ALTERNATIVE_RULES: dict[str, Cleaner] = {
    "kind": vocabulary(AlternativeKind),
    "notes": optional_block,
    "chosen_on": required_date,
    "review_on": required_date,
}


def clean_alternative(raw: Mapping[str, Any]) -> dict[str, Any]:
    """An alternative to a change of owner; its review must not come before the choice."""
    values = clean(raw, ALTERNATIVE_RULES, partial=False)
    if values["review_on"] < values["chosen_on"]:
        raise InvalidInput({"review_on": "The review cannot come before the choice."})
    return values


def record_rules(region: str = "US") -> dict[str, dict[str, Cleaner]]:
    """The rules of each kind of record, by table, for the values a person types or picks
    (text, vocabulary, dates, amounts): what an import checks every record with. Ids and
    the app's own bookkeeping (timestamps, versions, the audit trail) are checked for
    their form only."""
    return {
        "person": person_rules(region),
        "credential": CREDENTIAL_RULES,
        "client": {
            **{name: rule for name, rule in CLIENT_RULES.items() if not name.endswith("_id")},
            **complexity.CLIENT_RULES,
            "previous_status": vocabulary(ClientStatus, optional=True),
        },
        "contact": contact_rules(region),
        "transition": {
            **TRANSITION_RULES,
            **SUMMARY_RULES,
            **CADENCE_RULES,
            "status": vocabulary(TransitionStatus),
            "status_reason": optional_block,
            "completion_override": optional_block,
            "template_name": short_text,
            "completed_on": optional_date,
        },
        "checklist_template": {"name": required_name, "description": optional_text},
        "checklist_template_item": {
            "title": required_title,
            "phase": vocabulary(Phase),
            "side": vocabulary(Side),
            "due_offset_days": offset_days,
        },
        "checklist_item": {
            **{name: rule for name, rule in ITEM_RULES.items() if not name.endswith("_id")},
            "done_on": optional_date,
        },
        "note": NOTE_RULES,
        "loose_end": {
            **{name: rule for name, rule in LOOSE_END_RULES.items() if not name.endswith("_id")},
            "state": vocabulary(LooseEndState),
            "closed_on": optional_date,
            "drop_reason": optional_block,
        },
        "interaction": INTERACTION_RULES,
        "feedback": FEEDBACK_RULES,
        "sign_off": SIGN_OFF_RULES,
        "health_snapshot": HEALTH_RULES,
        "alternative": ALTERNATIVE_RULES,
    }
