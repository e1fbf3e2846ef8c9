"""The transition plan of a client as a document to e-mail or print (Markdown or HTML).

The document is the handoff packet the successor and the client read: the plan, the
reason for the change, consent, and every knowledge-transfer note. It carries nothing
about other clients (no timing warnings, which name them), no contact notes and no value.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date

from sqlmodel import col, select

from handover_tui.db.engine import Database
from handover_tui.domain import plan
from handover_tui.domain.formatting import date_text, vocab_label
from handover_tui.domain.loose_ends import holder_text
from handover_tui.domain.plan_document import (
    LOOSE_ENDS_HEADING,
    Cadence,
    Fact,
    FeedbackEntry,
    Item,
    KnowledgeNote,
    LogEntry,
    LooseEndEntry,
    Meeting,
    Party,
    PhasePlan,
    PlanDocument,
    Role,
    Signatory,
    SummaryPart,
)
from handover_tui.domain.plan_html import to_html
from handover_tui.domain.plan_markdown import to_markdown
from handover_tui.domain.vocab import (
    SIDE_LABELS,
    InteractionKind,
    NoteCategory,
    Phase,
    Side,
    TransitionReason,
    TransitionStatus,
)
from handover_tui.models import Interaction, Note, Person, Transition
from handover_tui.services import Refused, clients, contacts, log, notes, transitions
from handover_tui.services.loose_end_read import LooseEndRow
from handover_tui.services.transition_plan import TransitionPlan

RENDERERS: dict[str, Callable[[PlanDocument], str]] = {"markdown": to_markdown, "html": to_html}


def plan_document(
    db: Database, client_id: int, *, prepared_by: str, today: date, fmt: str = "markdown"
) -> str:
    """The client's transition plan rendered as ``fmt`` ("markdown" or "html")."""
    render = RENDERERS.get(fmt)
    if render is None:
        raise ValueError(f"Cannot write a plan as '{fmt}': use one of {', '.join(RENDERERS)}.")
    return render(build_document(db, client_id, prepared_by=prepared_by, today=today))


def build_document(db: Database, client_id: int, *, prepared_by: str, today: date) -> PlanDocument:
    """The content of the client's latest (or running) transition plan, in plain values."""
    detail = clients.get_client(db, client_id)
    current = transitions.plan_for_client(db, client_id)
    if current is None:
        raise Refused(
            f"{detail.client.name} has no transition plan yet: "
            "plan one with T on the client screen."
        )
    transition = current.transition
    owners = _owners(db, transition)
    names = {Side.OUTGOING.value: current.outgoing, Side.INCOMING.value: current.incoming}
    written = notes.list_notes(db, client_id)
    contacts_logged = _log_rows(log.list_interactions(db, client_id), transition)
    introduced = [
        row.occurred_on for row in contacts_logged if row.kind == InteractionKind.INTRODUCTION
    ]
    introduced += [
        item.done_on for item in current.items if item.done_on and plan.is_introduction(item.title)
    ]
    lessons = [note for note in written if note.category == NoteCategory.LESSON_LEARNED]
    knowledge = [note for note in written if note.category != NoteCategory.LESSON_LEARNED]
    return PlanDocument(
        client=detail.client.name,
        outgoing=current.outgoing,
        incoming=current.incoming,
        prepared_by=prepared_by,
        prepared_on=today,
        department=department_text(owners),
        details=_details(current, today, introduced),
        overview=detail.client.overview,
        phases=_phases(current, names, today),
        roles=_roles(current, detail.client.name),
        cadence=tuple(
            Cadence(
                kind=vocab_label(status.kind),
                every_days=status.every_days,
                next_due=status.next_due,
                missed=tuple(status.missed),
                occurrences=tuple(
                    Meeting(when.on, when.state, when.held_on) for when in status.occurrences
                ),
            )
            for status in log.cadence_report(db, current.id, today)
        ),
        log=_log(contacts_logged),
        team=tuple(
            Party(
                name=person.name,
                role=person.role,
                email=person.email,
                phone=person.phone,
                side=Side(side).label,
            )
            for side, person in owners
        ),
        stakeholders=_stakeholders(contacts.stakeholder_map(db, client_id)),
        feedback=tuple(
            FeedbackEntry(
                given_on=row.given_on,
                source=_side_label(row.source),
                author=row.author,
                rating=row.rating or None,
                comment=row.comment,
            )
            for row in current.feedback
        ),
        feedback_average=current.feedback_summary,
        signatories=tuple(
            Signatory(
                name=row.name,
                role=row.role,
                side=_side_label(row.side),
                signed_on=row.signed_on,
                required=row.required,
            )
            for row in current.sign_offs
        ),
        summary=_summary(transition),
        loose_ends=tuple(_loose_end(row, names, today) for row in current.loose_ends),
        knowledge=_knowledge(knowledge),
        lessons=_knowledge(lessons),
    )


def _summary(transition: Transition) -> tuple[SummaryPart, ...]:
    """The summary's parts; the loose ends after the challenges, and how to reach the
    outgoing owner with until when and by which channel."""
    parts = []
    for field, heading in plan.SUMMARY_SECTIONS:
        text = getattr(transition, field)
        if field == "summary_outgoing_contact":
            reach = plan.reach_text(
                transition.summary_reachable_until, transition.summary_reach_channel
            )
            text = "\n\n".join(part for part in (reach, text.strip()) if part)
        parts.append(SummaryPart(heading, text))
        if field == "summary_challenges":
            parts.append(SummaryPart(LOOSE_ENDS_HEADING, "No loose ends recorded."))
    return tuple(parts)


def _loose_end(row: LooseEndRow, names: dict[str, str], today: date) -> LooseEndEntry:
    return LooseEndEntry(
        title=row.title,
        holder=holder_text(row.holder, row.contact, names.get(row.holder, "")),
        due_on=row.due_on,
        state=row.state_text(),
        notes=row.notes,
        overdue=row.overdue(today),
    )


# Notes read in the order a successor learns the account: the past, the people, the work.
NOTE_ORDER = {
    category.value: index
    for index, category in enumerate(
        (
            NoteCategory.HISTORY,
            NoteCategory.PREFERENCES,
            NoteCategory.ONGOING_PROJECT,
            NoteCategory.CHALLENGE,
            NoteCategory.GOALS,
            NoteCategory.GENERAL,
            NoteCategory.LESSON_LEARNED,
        )
    )
}


def _knowledge(rows: Iterable[Note]) -> tuple[KnowledgeNote, ...]:
    """Pinned notes first, then by category, oldest first within one."""
    ordered = sorted(
        rows,
        key=lambda note: (
            not note.pinned,
            NOTE_ORDER.get(note.category, len(NOTE_ORDER)),
            note.created_at,
            note.id or 0,
        ),
    )
    return tuple(
        KnowledgeNote(
            category=_category_label(note.category),
            title=note.title,
            body=note.body,
            author=note.author,
            written_on=note.created_at.date(),
            pinned=note.pinned,
        )
        for note in ordered
    )


def _category_label(value: str) -> str:
    try:
        return NoteCategory(value).label
    except ValueError:
        return vocab_label(value)


def department_text(owners: list[tuple[str, Person]]) -> str:
    """``Advisory``, or ``Advisory (outgoing), Tax (incoming)`` when the sides differ."""
    named = [(side, person.department) for side, person in owners if person.department]
    if len({department for _side, department in named}) <= 1:
        return named[0][1] if named else ""
    return ", ".join(f"{department} ({Side(side).label.lower()})" for side, department in named)


def _owners(db: Database, transition: Transition) -> list[tuple[str, Person]]:
    """The outgoing and incoming owners' records (archived people too: they stay named)."""
    wanted = {transition.outgoing_id, transition.incoming_id} - {None}
    with db.reading() as session:
        people = {
            person.id: person
            for person in session.exec(select(Person).where(col(Person.id).in_(wanted)))
        }
    sides = ((Side.OUTGOING, transition.outgoing_id), (Side.INCOMING, transition.incoming_id))
    return [(side.value, people[pid]) for side, pid in sides if pid in people]


def _details(current: TransitionPlan, today: date, introduced: list[date]) -> tuple[Fact, ...]:
    transition = current.transition
    windows = current.windows
    facts = [Fact("Transition status", _status(current, today))]
    if windows:
        period = f"{date_text(windows[0].start)} to {date_text(windows[-1].end)}"
        facts.append(Fact("Planned period", period))
    if transition.overlap_end:
        facts.append(Fact("Overlap of both owners until", date_text(transition.overlap_end)))
    facts.append(Fact("Reason for the handoff", reason_text(transition)))
    informed = plan.informed_on(transition.client_informed_on, introduced)
    facts.append(Fact("Client informed on", date_text(informed) if informed else "not yet"))
    facts.append(Fact("Client consent", consent_text(transition)))
    done = current.checklist_progress()
    facts.append(Fact("Checklist", f"{done.done} of {done.total} items done"))
    if current.loose_ends:
        settled = sum(end.settled for end in current.loose_ends)
        count = len(current.loose_ends)
        facts.append(Fact("Loose ends", f"{settled} of {count} settled (done or dropped)"))
        whole = current.progress()
        facts.append(Fact("Completeness", f"{whole.done} of {whole.total} items and loose ends"))
    if transition.completion_override.strip():
        facts.append(Fact("Completed with open points because", transition.completion_override))
    if transition.status_reason.strip() and transition.status != TransitionStatus.COMPLETED:
        facts.append(Fact(f"Reason it is {transition.status}", transition.status_reason))
    return tuple(facts)


def reason_text(transition: Transition) -> str:
    """``Workload: Maya carries twelve accounts``: the reason's label and its detail."""
    try:
        label = TransitionReason(transition.reason).label
    except ValueError:
        label = vocab_label(transition.reason)
    detail = transition.reason_detail.strip()
    if transition.reason == TransitionReason.OTHER and detail:
        return detail
    return f"{label}: {detail}" if detail else label


def consent_text(transition: Transition) -> str:
    """Whether the contract asks for the client's consent, and when it was given."""
    obtained = transition.consent_obtained_on
    if not transition.consent_required:
        return f"not required (given on {date_text(obtained)})" if obtained else "not required"
    return f"required, given on {date_text(obtained)}" if obtained else "required, not yet given"


def _status(current: TransitionPlan, today: date) -> str:
    transition = current.transition
    if transition.status == TransitionStatus.COMPLETED and transition.completed_on:
        return f"Completed on {date_text(transition.completed_on)}"
    if transition.status != TransitionStatus.ACTIVE:
        return vocab_label(transition.status)
    phase = plan.current_phase(current.windows, today)
    return f"Active, in {phase.label.lower()}" if phase else "Active, not started yet"


def _phases(current: TransitionPlan, names: dict[str, str], today: date) -> tuple[PhasePlan, ...]:
    windows = {window.phase: window for window in current.windows}
    phases = []
    for phase in Phase:
        window = windows.get(phase)
        items = tuple(
            Item(
                title=row.title,
                due_on=row.due_on,
                done_on=row.done_on,
                responsible=row.responsible or _side_text(row.side, names),
                notes=row.notes,
                overdue=row.overdue(today),
            )
            for row in current.items_in(phase)
        )
        start, end = (window.start, window.end) if window else (None, None)
        phases.append(PhasePlan(phase.label, start, end, items))
    return tuple(phases)


def _side_text(side: str, names: dict[str, str]) -> str:
    """``Tomás Alvarez (outgoing owner)`` when the side's owner is known."""
    label = _side_label(side)
    name = names.get(side, "")
    return f"{name} ({label.lower()})" if name else label


def _side_label(side: str) -> str:
    return SIDE_LABELS.get(side) or vocab_label(side)


def _roles(current: TransitionPlan, client_name: str) -> tuple[Role, ...]:
    duties = current.duties()
    return (
        Role(
            Side.OUTGOING.label,
            current.team(Side.OUTGOING),
            current.role_text(Side.OUTGOING),
            tuple(duties[Side.OUTGOING]),
        ),
        Role(
            Side.INCOMING.label,
            current.team(Side.INCOMING),
            current.role_text(Side.INCOMING),
            tuple(duties[Side.INCOMING]),
        ),
        Role(
            Side.CLIENT.label,
            client_name,
            current.role_text(Side.CLIENT),
            tuple(duties[Side.CLIENT]),
        ),
    )


def _log_rows(rows: list[Interaction], transition: Transition) -> list[Interaction]:
    """The contacts of this transition, oldest first: logged under it, or inside its dates
    (a contact logged later for a day of the plan belongs to it too)."""
    start = transition.preparation_start
    end = transition.completed_on or transition.support_end

    def belongs(row: Interaction) -> bool:
        if row.transition_id is not None:
            return row.transition_id == transition.id
        return start is not None and end is not None and start <= row.occurred_on <= end

    return sorted(filter(belongs, rows), key=lambda row: (row.occurred_on, row.id or 0))


def _log(rows: list[Interaction]) -> tuple[LogEntry, ...]:
    return tuple(
        LogEntry(
            occurred_on=row.occurred_on,
            kind=vocab_label(row.kind),
            attendees=row.attendees,
            summary=row.summary,
            next_planned_on=row.next_planned_on,
        )
        for row in rows
    )


def _stakeholders(found: contacts.StakeholderMap) -> tuple[Party, ...]:
    return tuple(
        Party(
            name=contact.name,
            role=contact.title,
            email=contact.email,
            phone=contact.phone,
            channel=vocab_label(contact.preferred_channel),
            time_zone=contact.time_zone,
            primary=contact.is_primary,
            decision_role=vocab_label(contact.decision_role),
            held_by=found.holders.get(contact.id or 0, ""),
        )
        for contact in found.contacts
    )


__all__ = ["RENDERERS", "build_document", "plan_document"]
