"""E-mail drafts of a handoff: the introduction of the incoming owner to the client, and
the internal handoff note to the incoming owner.

Each draft is read from the client's current transition (running, else the latest) and
filled into a template: the user's own from the ``templates`` folder beside
``config.toml`` when there is one, else the built-in one (``domain.mail_templates``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from email.headerregistry import Address
from email.message import EmailMessage
from pathlib import Path

from sqlmodel import col, select

from handover_tui.db.engine import Database
from handover_tui.domain.formatting import vocab_label
from handover_tui.domain.loose_ends import holder_text
from handover_tui.domain.mail import (
    DraftTemplate,
    Mailbox,
    address_of,
    build_message,
    bullet_lines,
    checked_address,
    message_text,
)
from handover_tui.domain.mail_templates import DEFAULTS, HANDOFF, INTRO, KINDS
from handover_tui.domain.plan import reach_text
from handover_tui.domain.vocab import SIDE_LABELS, DecisionRole, InteractionKind
from handover_tui.models import Contact, Interaction, Person
from handover_tui.services import Refused, clients, contacts, log
from handover_tui.services.transition_plan import TransitionPlan, plan_for_client

TO_BE_AGREED = "to be agreed"
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


@dataclass(frozen=True)
class Draft:
    """A message ready to write out: its text (``.eml``) and what it was made from."""

    kind: str
    client_id: int
    client: str
    message: EmailMessage
    template: Path | None
    """The user's template file used, or None for the built-in one."""

    @property
    def text(self) -> str:
        return message_text(self.message)

    @property
    def recipients(self) -> list[str]:
        """``Name <address>`` of each To recipient."""
        return [str(address) for address in self.message["To"].addresses]


def template_folder() -> Path:
    """Where the user's templates live: ``templates/`` beside ``config.toml``."""
    from handover_tui.config import config_dir

    return config_dir() / "templates"


def template_path(kind: str, folder: Path | None = None) -> Path:
    return (folder or template_folder()) / f"{kind}.txt"


def load_template(kind: str, folder: Path | None = None) -> tuple[DraftTemplate, Path | None]:
    """The user's template of ``kind`` if the file exists, else the built-in one."""
    if kind not in KINDS:
        raise ValueError(f"No draft '{kind}': use one of {', '.join(KINDS)}.")
    path = template_path(kind, folder)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return DraftTemplate.parse(DEFAULTS[kind], source=f"the built-in {kind} template"), None
    except UnicodeDecodeError:
        raise Refused(f"{path} is not UTF-8 text.") from None
    return DraftTemplate.parse(text, source=str(path)), path


def write_default_templates(folder: Path | None = None) -> list[tuple[Path, bool]]:
    """Write the built-in templates into the folder to edit, keeping any already there;
    each path with whether it was written now."""
    folder = folder or template_folder()
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for kind in KINDS:
        path = template_path(kind, folder)
        if path.exists():
            written.append((path, False))
            continue
        path.write_text(DEFAULTS[kind], encoding="utf-8")
        written.append((path, True))
    return written


@dataclass(frozen=True)
class _Facts:
    client_id: int
    client: str
    plan: TransitionPlan
    outgoing: Person
    incoming: Person
    contacts: list[Contact]
    first_meeting: date | None


def _facts(db: Database, client_id: int, today: date) -> _Facts:
    from handover_tui.services.calendar import next_meeting

    detail = clients.get_client(db, client_id)
    name = detail.client.name
    current = plan_for_client(db, client_id)
    if current is None:
        raise Refused(f"{name} has no transition plan yet: plan one with T on the client screen.")
    transition = current.transition
    wanted = {transition.outgoing_id, transition.incoming_id} - {None}
    with db.reading() as session:
        people = {p.id: p for p in session.exec(select(Person).where(col(Person.id).in_(wanted)))}
    outgoing = people.get(transition.outgoing_id)
    incoming = people.get(transition.incoming_id)
    if outgoing is None or incoming is None:
        side = "outgoing" if outgoing is None else "incoming"
        raise Refused(f"The handoff of {name} names no {side} owner: set one on its plan.")
    return _Facts(
        client_id=client_id,
        client=name,
        plan=current,
        outgoing=outgoing,
        incoming=incoming,
        contacts=contacts.list_contacts(db, client_id),
        first_meeting=next_meeting(db, client_id, today),
    )


def letter_date(day: date) -> str:
    """``17 November 2026``: a date as a letter gives it, the same in every locale."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def _contact_line(email: str, phone: str) -> str:
    return " or ".join(part for part in (email, phone) if part) or "(no e-mail or phone yet)"


def _common(facts: _Facts, today: date) -> dict[str, str]:
    transition = facts.plan.transition
    values = {"client": facts.client, "today": letter_date(today)}
    for side, person in (("outgoing", facts.outgoing), ("incoming", facts.incoming)):
        values[f"{side}_name"] = person.name
        values[f"{side}_role"] = person.role or "account owner"
        values[f"{side}_email"] = person.email
        values[f"{side}_phone"] = person.phone
        values[f"{side}_contact"] = _contact_line(person.email, person.phone)
    end = transition.support_end or transition.execution_end
    dates = {
        "handoff_start": transition.preparation_start,
        "introduced_from": transition.execution_start or transition.preparation_start,
        "overlap_end": transition.overlap_end or transition.execution_end,
        "handoff_end": end,
        "first_meeting": facts.first_meeting,
    }
    for key, day in dates.items():
        values[key] = letter_date(day) if day else TO_BE_AGREED
    if facts.first_meeting is None:
        values["first_meeting"] = "to be arranged"
    return {key: " ".join(value.split()) for key, value in values.items()}


def _joined(names: Sequence[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


def _mailbox(person: Person, side: str, client: str) -> Address:
    return address_of(
        Mailbox(person.name, person.email), f"The {side} owner of {client} ({person.name})"
    )


def _recipients(facts: _Facts, to: Sequence[str]) -> list[tuple[str, Address]]:
    """The chosen recipients: each ``--to`` address (a contact's name beside it when it
    is one of theirs), else the decision makers and the primary contact with an e-mail
    address (the primary first)."""
    if to:
        known = {}
        for contact in facts.contacts:
            try:
                known[checked_address(contact.email, contact.name).lower()] = contact.name
            except ValueError:
                continue  # a contact's bad address only matters if it is chosen
        chosen = []
        for text in to:
            address = checked_address(text, "--to")
            name = known.get(address.lower(), "")
            chosen.append((name, address_of(Mailbox(name, address), "--to")))
        return chosen
    primary = [
        c
        for c in facts.contacts
        if (c.is_primary or c.decision_role == DecisionRole.DECISION_MAKER) and c.email.strip()
    ]
    if not primary:
        raise Refused(
            f"{facts.client} has no primary contact or decision maker with an e-mail "
            "address: name the recipients with --to."
        )
    return [
        (c.name, address_of(Mailbox(c.name, c.email), f"Contact {c.name} of {facts.client}"))
        for c in primary
    ]


def intro_draft(
    db: Database,
    client_id: int,
    *,
    today: date,
    now: datetime,
    to: Sequence[str] = (),
    folder: Path | None = None,
) -> Draft:
    """The introduction of the incoming owner to the client: from the outgoing owner, to
    the chosen client contacts (see ``_recipients``), Cc the incoming owner."""
    template, path = load_template(INTRO, folder)
    facts = _facts(db, client_id, today)
    recipients = _recipients(facts, to)
    values = _common(facts, today)
    names = [name or address.addr_spec for name, address in recipients]
    values["recipient_names"] = " ".join(_joined(names).split())
    subject, body = template.fill(values)
    message = build_message(
        sender=_mailbox(facts.outgoing, "outgoing", facts.client),
        to=[address for _name, address in recipients],
        cc=[_mailbox(facts.incoming, "incoming", facts.client)],
        subject=subject,
        body=body,
        when=now,
    )
    return Draft(INTRO, client_id, facts.client, message, path)


def handoff_draft(
    db: Database, client_id: int, *, today: date, now: datetime, folder: Path | None = None
) -> Draft:
    """The internal note to the incoming owner: summary, loose ends, open items and who
    to call; from the outgoing owner."""
    template, path = load_template(HANDOFF, folder)
    facts = _facts(db, client_id, today)
    transition = facts.plan.transition
    values = _common(facts, today)
    for key, field in (
        ("goals", "summary_goals"),
        ("current_state", "summary_current_state"),
        ("challenges", "summary_challenges"),
        ("going_forward", "summary_going_forward"),
        ("outgoing_later", "summary_outgoing_contact"),
    ):
        values[key] = getattr(transition, field).strip() or "(not written yet)"
    if values["outgoing_later"] == "(not written yet)":
        values["outgoing_later"] = values["outgoing_contact"]
    reach = reach_text(transition.summary_reachable_until, transition.summary_reach_channel)
    if reach:
        values["outgoing_later"] += f"\n{reach}"
    values["loose_ends"] = _loose_ends(facts, today)
    values["open_items"] = _open_items(facts, today)
    values["who_to_call"] = _who_to_call(facts.contacts)
    subject, body = template.fill(values)
    message = build_message(
        sender=_mailbox(facts.outgoing, "outgoing", facts.client),
        to=[_mailbox(facts.incoming, "incoming", facts.client)],
        subject=subject,
        body=body,
        when=now,
    )
    return Draft(HANDOFF, client_id, facts.client, message, path)


def _loose_ends(facts: _Facts, today: date) -> str:
    """The open loose ends: what, who holds it, by when."""
    names = {"outgoing": facts.outgoing.name, "incoming": facts.incoming.name}
    lines = []
    for end in facts.plan.loose_ends:
        if end.settled:
            continue
        who = holder_text(end.holder, end.contact, names.get(end.holder, ""))
        due = f"due {end.due_on.isoformat()}" if end.due_on else "no due date"
        if end.overdue(today):
            due = f"OVERDUE since {end.due_on}"
        lines.append(f"{end.title} ({due}; {who})")
    return bullet_lines(lines)


def _open_items(facts: _Facts, today: date) -> str:
    names = {"outgoing": facts.outgoing.name, "incoming": facts.incoming.name}
    lines = []
    for item in facts.plan.items:
        if item.done:
            continue
        who = item.responsible or names.get(item.side) or SIDE_LABELS.get(item.side, "")
        due = f"due {item.due_on.isoformat()}" if item.due_on else "no due date"
        if item.overdue(today):
            due = f"OVERDUE since {item.due_on}"
        lines.append(f"{item.title} ({due}; {who or vocab_label(item.side)})")
    return bullet_lines(lines)


def _who_to_call(rows: list[Contact]) -> str:
    lines = []
    for contact in rows:
        head = ", ".join(part for part in (contact.name, contact.title) if part)
        reach = " · ".join(part for part in (contact.email, contact.phone) if part)
        extra = []
        if contact.is_primary:
            extra.append("primary")
        if contact.preferred_channel:
            extra.append(f"prefers {vocab_label(contact.preferred_channel).lower()}")
        tail = f" ({'; '.join(extra)})" if extra else ""
        lines.append(f"{head}: {reach or 'no e-mail or phone'}{tail}")
    return bullet_lines(lines, empty="no contacts recorded")


def mark_intro_sent(db: Database, client_id: int, *, on: date, recipients: str) -> Interaction:
    """Log the introduction of the incoming owner on ``on`` (an ``introduction`` in the
    log, which dates the plan's "client informed on" unless it holds an earlier day)."""
    return log.add_interaction(
        db,
        client_id,
        {
            "kind": InteractionKind.INTRODUCTION.value,
            "occurred_on": on.isoformat(),
            "attendees": recipients,
            "summary": "Introduction of the incoming owner sent by e-mail.",
        },
    )


__all__ = [
    "Draft",
    "handoff_draft",
    "intro_draft",
    "load_template",
    "mark_intro_sent",
    "template_folder",
    "write_default_templates",
]
