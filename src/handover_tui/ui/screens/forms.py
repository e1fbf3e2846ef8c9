"""The forms of the roster: client, contact and person, and how each one saves."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from handover_tui.domain.vocab import Channel, DecisionRole, LifecycleStage, Seniority, Sentiment
from handover_tui.ui.screens.form import FormField, FormScreen, FormSpec

if TYPE_CHECKING:
    from datetime import date

    from handover_tui.models import Client, Contact, Interaction, Note, Person
    from handover_tui.services.clients import ClientDetail
    from handover_tui.services.people import PersonRow

DATE_HINT = "YYYY-MM-DD"


def client_fields(
    people: Sequence[PersonRow], keep: Mapping[int, str] | None = None
) -> list[FormField]:
    """The client form; ``keep`` adds people no longer listed (an archived owner, say)
    so that saving never drops an owner the user did not touch.

    The status is not here: it follows the client's transition and archiving.
    """
    owners = [(person.name, person.id) for person in people]
    listed = {person.id for person in people}
    owners += [
        (name, person_id) for person_id, name in (keep or {}).items() if person_id not in listed
    ]
    return [
        FormField("name", "Name", required=True, placeholder="e.g. Acme Logistics"),
        FormField("owner_id", "Owner", "select", owners, placeholder="(no owner yet)"),
        FormField("deputy_id", "Deputy", "select", owners, placeholder="(no deputy)"),
        FormField("industry", "Industry", placeholder="e.g. Logistics"),
        FormField("segment", "Segment", placeholder="e.g. Enterprise"),
        FormField("lifecycle_stage", "Lifecycle stage", "select", LifecycleStage.choices()),
        FormField("relationship_start", "Client since", placeholder=DATE_HINT),
        FormField("renewal_date", "Renewal date", placeholder=DATE_HINT),
        FormField("annual_value", "Annual value", placeholder="e.g. 120000"),
        FormField("currency", "Currency", placeholder="USD"),
        FormField("tags", "Tags", placeholder="comma-separated, e.g. strategic, upsell"),
        FormField("languages", "Languages", placeholder="comma-separated, e.g. German, English"),
        FormField("time_zone", "Time zone", placeholder="its headquarters', e.g. Europe/Berlin"),
        FormField("overview", "Overview", "textarea"),
    ]


def client_values(client: Client | None, currency: str = "USD") -> dict[str, Any]:
    """The form's starting values: the client's, or sensible ones for a new client."""
    if client is None:
        return {"currency": currency, "lifecycle_stage": "onboarding", "status": "active"}
    values = client.model_dump(
        include={
            "name",
            "owner_id",
            "deputy_id",
            "industry",
            "segment",
            "lifecycle_stage",
            "status",
            "relationship_start",
            "renewal_date",
            "annual_value",
            "currency",
            "tags",
            "languages",
            "time_zone",
            "overview",
        }
    )
    values["tags"] = values["tags"].replace(",", ", ")
    return values


def new_client_form(currency: str) -> FormScreen:
    """Shown at once; the owners to choose from arrive from a worker."""
    from handover_tui.services import clients, people

    def spec(rows: Sequence[PersonRow]) -> FormSpec:
        return FormSpec(
            "New client",
            client_fields(rows),
            client_values(None, currency),
            lambda db, values: clients.create_client(db, values),
            draft_key="client.new",
        )

    return FormScreen.opening(spec([]), lambda db: spec(people.list_people(db)))


def edit_client_form(client_id: int, name: str | None = None) -> FormScreen:
    """Shown at once, its fields waiting for the client read in a worker: the version
    the save guards is the one on disk when the form opened."""
    from handover_tui.services import clients, people

    def spec(detail: ClientDetail, rows: Sequence[PersonRow]) -> FormSpec:
        client = detail.client
        keep = {client.owner_id: detail.owner, client.deputy_id: detail.deputy}
        return FormSpec(
            f"Edit {client.name}",
            client_fields(rows, {k: v for k, v in keep.items() if k is not None}),
            client_values(client),
            lambda db, values: clients.update_client(
                db, client_id, values, expected_version=client.version, seen=client.model_dump()
            ),
            draft_key=f"client.{client_id}",
        )

    waiting = FormSpec(
        f"Edit {name}" if name else "Edit client",
        client_fields([]),
        {},
        lambda db, values: None,
        draft_key=f"client.{client_id}",
    )
    return FormScreen.opening(
        waiting,
        lambda db: spec(clients.get_client(db, client_id), people.list_people(db)),
        reading=True,
    )


def contact_fields(people: Sequence[Any] = ()) -> list[FormField]:
    """A contact's fields; ``people`` are whom the relationship may be held by."""
    holders = [(person.name, person.id) for person in people]
    return [
        FormField("name", "Name", required=True),
        FormField("title", "Title / role", placeholder="e.g. CFO"),
        FormField("email", "E-mail"),
        FormField("phone", "Phone", placeholder="+1 212 555 0100"),
        FormField("preferred_channel", "Preferred channel", "select", Channel.choices()),
        FormField("time_zone", "Time zone", placeholder="e.g. Europe/Berlin"),
        FormField("is_primary", "Primary contact", "checkbox"),
        FormField(
            "decision_role", "Decision role", "select", DecisionRole.choices(), placeholder="—"
        ),
        FormField("seniority", "Seniority", "select", Seniority.choices(), placeholder="—"),
        FormField("sentiment", "Sentiment", "select", Sentiment.choices(), placeholder="—"),
        FormField(
            "relationship_holder_id",
            "Held by (us)",
            "select",
            holders,
            placeholder="(nobody on our side yet)",
        ),
        FormField("notes", "Notes", "textarea"),
    ]


def contact_form(client_id: int, contact_id: int | None, region: str) -> FormScreen:
    """A new contact at once, or one read when the form opens; the people who may hold
    the relationship arrive from a worker."""
    from handover_tui.services import contacts, people

    if contact_id is None:

        def new(rows: Sequence[Any]) -> FormSpec:
            return FormSpec(
                "New contact",
                contact_fields(rows),
                {},
                lambda db, values: contacts.add_contact(
                    db, client_id, _blank_words(values), region=region
                ),
                draft_key=f"client.{client_id}.contact.new",
            )

        return FormScreen.opening(new([]), lambda db: new(people.list_people(db)))

    def edit(contact: Contact | None, rows: Sequence[Any]) -> FormSpec:
        fields = contact_fields(rows)
        values = contact.model_dump(include={spec.name for spec in fields}) if contact else {}
        version = contact.version if contact else 0
        return FormSpec(
            f"Edit contact {contact.name}" if contact else "Edit contact",
            fields,
            {key: value or None if key in WORDS else value for key, value in values.items()},
            lambda db, changes: contacts.update_contact(
                db, contact_id, _blank_words(changes), expected_version=version, region=region
            ),
            draft_key=f"contact.{contact_id}",
        )

    return FormScreen.opening(
        edit(None, []),
        lambda db: edit(contacts.get_contact(db, contact_id), people.list_people(db)),
        reading=True,
    )


WORDS = ("decision_role", "seniority", "sentiment")
"""The stakeholder map's words: "" when unknown, which a select shows as its blank."""


def _blank_words(values: dict[str, Any]) -> dict[str, Any]:
    return {key: (value or "") if key in WORDS else value for key, value in values.items()}


PERSON_FIELDS = [
    FormField("name", "Name", required=True),
    FormField("role", "Role", placeholder="e.g. Account manager"),
    FormField("email", "E-mail"),
    FormField("phone", "Phone"),
    FormField("capacity", "Capacity", placeholder="load they can carry (a client weighs 1-5)"),
    FormField("department", "Department", placeholder="e.g. Advisory"),
    FormField("skills", "Skills", placeholder="comma-separated, e.g. tax, M&A"),
    FormField("industries", "Industries", placeholder="they know, e.g. Banking, Insurance"),
    FormField("languages", "Languages", placeholder="comma-separated, e.g. English, German"),
    FormField("time_zone", "Time zone", placeholder="e.g. Europe/Berlin"),
]


def person_form(person: Person | PersonRow | None, region: str) -> FormScreen:
    from handover_tui.services import people

    if person is None:
        return FormScreen(
            "New person",
            PERSON_FIELDS,
            {},
            lambda db, values: people.create_person(db, values, region=region),
            draft_key="person.new",
        )
    values = {spec.name: getattr(person, spec.name) for spec in PERSON_FIELDS}
    return FormScreen(
        f"Edit {person.name}",
        PERSON_FIELDS,
        values,
        lambda db, changes: people.update_person(
            db, person.id or 0, changes, expected_version=person.version, region=region
        ),
        draft_key=f"person.{person.id}",
    )


def note_form(client_id: int, note: Note | None, category: str) -> FormScreen:
    """Write or edit a note; the body is Markdown, highlighted as it is typed."""
    from handover_tui.domain.vocab import NoteCategory
    from handover_tui.services import notes

    fields = [
        FormField("title", "Title", required=True),
        FormField("category", "Category", "select", NoteCategory.choices(), required=True),
        FormField("pinned", "Pinned (shown first)", "checkbox"),
        FormField("body", "Text (Markdown)", "textarea", language="markdown", tall=True),
    ]
    if note is None:
        return FormScreen(
            "New note",
            fields,
            {"category": category},
            lambda db, values: notes.create_note(db, client_id, values),
            draft_key=f"client.{client_id}.note.new",
        )
    values = {spec.name: getattr(note, spec.name) for spec in fields}
    return FormScreen(
        f"Edit “{note.title}”",
        fields,
        values,
        lambda db, changes: notes.update_note(
            db, note.id or 0, changes, expected_version=note.version
        ),
        draft_key=f"note.{note.id}",
    )


def interaction_form(client_id: int, entry: Interaction | None, today: date) -> FormScreen:
    from handover_tui.domain.vocab import InteractionKind
    from handover_tui.services import log

    fields = [
        FormField("kind", "Kind", "select", InteractionKind.choices(), required=True),
        FormField("occurred_on", "Date", required=True, placeholder=DATE_HINT),
        FormField("attendees", "Attendees", placeholder="who took part"),
        FormField("summary", "Summary", "textarea"),
        FormField("next_planned_on", "Next planned on", placeholder=DATE_HINT),
    ]
    if entry is None:
        return FormScreen(
            "Log a contact",
            fields,
            {"kind": InteractionKind.STATUS_MEETING.value, "occurred_on": today.isoformat()},
            lambda db, values: log.add_interaction(db, client_id, values),
            draft_key=f"client.{client_id}.log.new",
        )
    values = {spec.name: getattr(entry, spec.name) for spec in fields}
    return FormScreen(
        "Edit log entry",
        fields,
        values,
        lambda db, changes: log.update_interaction(
            db, entry.id or 0, changes, expected_version=entry.version
        ),
        draft_key=f"interaction.{entry.id}",
    )
