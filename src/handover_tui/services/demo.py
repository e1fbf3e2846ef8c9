"""Realistic sample data, built through the services, for ``--demo``, tests and screenshots.

Deterministic: the same ``seed`` and ``today`` always give the same database.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from handover_tui.db.engine import Database
from handover_tui.domain.vocab import Channel, ClientStatus, LifecycleStage
from handover_tui.services import clients, contacts, demo_loose_ends, demo_signals, people

OWNERS = [
    ("Maya Okafor", "Partner", 14),
    ("Daniel Brandt", "Senior consultant", 12),
    ("Priya Raman", "Account manager", 10),
    ("Tomás Alvarez", "Account manager", 10),
    ("Helen Park", "Consultant", 8),
    ("Sam Whitfield", "Associate", 3),
]

CLIENTS = [
    ("Acme Logistics", "Logistics", "Mid-market"),
    ("Northwind Health", "Healthcare", "Enterprise"),
    ("Bluefin Capital", "Financial services", "Enterprise"),
    ("Cedar & Pine Architects", "Professional services", "SMB"),
    ("Helix Biotech", "Life sciences", "Mid-market"),
    ("Lumen Energy", "Energy", "Enterprise"),
    ("Orchard Foods", "Food & beverage", "Mid-market"),
    ("Quarry Stone Supply", "Construction", "SMB"),
    ("Riverbend Credit Union", "Financial services", "Mid-market"),
    ("Summit Outdoor Co.", "Retail", "Mid-market"),
    ("Tidewater Shipping", "Logistics", "Enterprise"),
    ("Vantage Analytics", "Technology", "SMB"),
    ("Willow Creek Schools", "Education", "Public sector"),
    ("Zephyr Airlines", "Travel", "Enterprise"),
    ("Brightline Media", "Media", "Mid-market"),
    ("Copperfield Insurance", "Insurance", "Enterprise"),
    ("Evergreen Property Group", "Real estate", "Mid-market"),
    ("Falcon Robotics", "Manufacturing", "Mid-market"),
    ("Granite State Bank", "Financial services", "Mid-market"),
    ("Harborview Hospital", "Healthcare", "Enterprise"),
    ("Ironclad Security", "Technology", "SMB"),
    ("Juniper Hotels", "Hospitality", "Enterprise"),
    ("Keystone Legal LLP", "Professional services", "SMB"),
    ("Meridian Pharma", "Life sciences", "Enterprise"),
    ("Nimbus Cloud Services", "Technology", "Mid-market"),
    ("Oakridge Municipal Utilities", "Public sector", "Public sector"),
    ("Pioneer Agritech", "Agriculture", "SMB"),
    ("Redwood Telecom", "Telecommunications", "Enterprise"),
]

FIRST = [
    "Alex",
    "Jordan",
    "Morgan",
    "Casey",
    "Riley",
    "Avery",
    "Quinn",
    "Rowan",
    "Elena",
    "Marcus",
    "Ingrid",
    "Kenji",
    "Fatima",
    "Lars",
    "Chloé",
    "Noah",
    "Amara",
    "Luca",
]
LAST = [
    "Nguyen",
    "Schmidt",
    "Johansson",
    "Mensah",
    "Rossi",
    "Kowalski",
    "Haddad",
    "Fischer",
    "Dubois",
    "Tanaka",
    "Moreau",
    "Silva",
    "Byrne",
    "Patel",
    "Novak",
]
TITLES = [
    "CFO",
    "COO",
    "Head of Operations",
    "VP Procurement",
    "IT Director",
    "Chief of Staff",
    "Program Manager",
    "General Counsel",
    "CEO",
]
ZONES = [
    "America/New_York",
    "America/Chicago",
    "America/Los_Angeles",
    "Europe/London",
    "Europe/Berlin",
    "Asia/Singapore",
]
TAGS = ["strategic", "renewal-risk", "upsell", "regulated", "reference", "multi-site"]
OVERVIEWS = [
    "Steady performance; quarterly business reviews well attended. Ongoing: ERP rollout "
    "phase 2. Outstanding: invoice disputes from Q2 still open.",
    "Growing fast after the merger; the new COO wants weekly updates. Ongoing: data "
    "platform migration. Outstanding: SLA breach credit under negotiation.",
    "Long-standing account, low touch. Ongoing: annual compliance audit support. "
    "Outstanding: none.",
    "Budget pressure this year; procurement pushing for a discount at renewal. Ongoing: "
    "cost-reduction workshop series.",
]


def populate(db: Database, *, seed: int = 7, today: date | None = None) -> None:
    """Fill an empty database with owners, clients and their contacts."""
    rng = random.Random(seed)
    today = today or date.today()
    owner_ids: list[int] = []
    for name, role, capacity in OWNERS:
        handle = name.lower().split()[0].replace("á", "a")
        person = people.create_person(
            db,
            {
                "name": name,
                "role": role,
                "capacity": capacity,
                "email": f"{handle}@northstar-consulting.example",
                "phone": f"+1 415 555 01{len(owner_ids):02d}",
            },
        )
        assert person.id is not None  # a stored person has one
        owner_ids.append(person.id)
    client_ids: dict[str, int] = {}
    for index, (name, industry, segment) in enumerate(CLIENTS):
        start = today - timedelta(days=rng.randint(120, 365 * 6))
        renewal = today + timedelta(days=rng.randint(-20, 420))
        value = Decimal(rng.randrange(24, 900)) * 1000
        client = clients.create_client(
            db,
            {
                "name": name,
                "industry": industry,
                "segment": segment,
                "lifecycle_stage": rng.choice(list(LifecycleStage)).value,
                "status": ClientStatus.ACTIVE.value,
                "owner_id": owner_ids[(index * 5) % len(owner_ids)],
                # Most accounts have a deputy; a few do not, and the dashboard says so.
                "deputy_id": owner_ids[(index * 5 + 1) % len(owner_ids)] if index % 4 else None,
                "relationship_start": start,
                "renewal_date": renewal,
                "annual_value": value,
                "currency": "EUR" if index % 7 == 3 else "USD",
                "tags": ",".join(rng.sample(TAGS, rng.randint(0, 2))),
                "overview": rng.choice(OVERVIEWS),
            },
        )
        client_ids[name] = client.id or 0
        for number in range(rng.randint(2, 4)):
            first, last = rng.choice(FIRST), rng.choice(LAST)
            domain = name.lower().split()[0].strip(".,&") + ".example"
            contacts.add_contact(
                db,
                client.id or 0,
                {
                    "name": f"{first} {last}",
                    "title": rng.choice(TITLES),
                    "email": f"{first.lower().replace('é', 'e')}.{last.lower()}@{domain}",
                    "phone": f"+1 212 555 {rng.randint(1000, 1999)}",
                    "preferred_channel": rng.choice(list(Channel)).value,
                    "time_zone": rng.choice(ZONES),
                    "is_primary": number == 0,
                    **demo_signals.on_the_map(number, owner_ids[(index * 5) % len(owner_ids)]),
                },
            )
    _transitions(db, client_ids, owner_ids, today)
    _notes(db, client_ids, today)
    _health(db, client_ids, owner_ids, rng, today)
    demo_signals.populate(db, client_ids, today)
    # One archived client, so "show archived" has something to show.
    archived = clients.create_client(
        db,
        {"name": "Legacy Textiles Ltd", "industry": "Manufacturing", "owner_id": owner_ids[2]},
    )
    clients.archive_client(db, archived.id or 0)


# (client, days from today to the start, items to tick, sign-offs to give, how it ends)
TRANSITIONS = [
    ("Orchard Foods", 10, 0, 0, None),
    ("Redwood Telecom", -5, 1, 0, None),
    ("Juniper Hotels", -20, 5, 0, None),
    ("Willow Creek Schools", -50, 12, 2, None),
    ("Cedar & Pine Architects", -25, 4, 0, "pause"),
    ("Summit Outdoor Co.", -40, 3, 0, "cancel"),
    ("Nimbus Cloud Services", -90, 99, 99, "complete"),
    ("Granite State Bank", -70, 11, 2, "override"),
    ("Lumen Energy", -75, 14, 1, None),
]

# Contacts logged during a transition (days after its start); the status meeting of
# Juniper's second week was missed, so the log shows it.
LOGS = {
    "Juniper Hotels": [
        (1, "status_meeting", "Tomás, Helen", "Kick-off: plan, roles and the overlap month."),
        (2, "knowledge_transfer", "Tomás, Helen", "Account history and the contract walk."),
        (4, "client_update", "Tomás, Helen, Alex Schmidt", "Introduced Helen to the client."),
        (15, "status_meeting", "Tomás, Helen", "Invoice dispute; data-platform phase 2."),
    ],
    "Willow Creek Schools": [
        (3, "status_meeting", "Both owners", "Weekly status."),
        (10, "status_meeting", "Both owners", "Weekly status."),
        (12, "client_update", "Board secretary", "Letter to the board about the change."),
    ],
}

SUMMARIES = {
    "Juniper Hotels": {
        "summary_goals": "One guest profile across every property, and lower booking costs.",
        "summary_current_state": "Phase 2 of the data platform is live in 9 of 14 hotels.",
    },
    "Nimbus Cloud Services": {
        "summary_goals": "Move off the legacy data centre within two years.",
        "summary_current_state": "Migration finished; now a run-and-optimise relationship.",
        "summary_challenges": "A failed cut-over in March; recovered with a weekend rerun "
        "and a weekly war room for a month.",
        "summary_going_forward": "The CTO values candour over polish; bring bad news early.",
        "summary_outgoing_contact": "Maya stays reachable at maya@northstar-consulting.example.",
        "summary_reach_channel": "email",
    },
}

FEEDBACK = [
    ("client", 5, "The overlap month made the change painless."),
    ("incoming", 4, "Notes were thorough; the contract history took time to find."),
    ("outgoing", 4, "Would start the knowledge-transfer sessions a week earlier."),
]

REASONS = [
    "workload",
    "rotation",
    "owner_leaving",
    "succession",
    "client_request",
    "style_mismatch",
    "strategic_change",
    "declining_engagement",
]


def _transitions(
    db: Database, client_ids: dict[str, int], owner_ids: list[int], today: date
) -> None:
    """Transitions in every state, with partly done checklists and some signatures."""
    from handover_tui.services import transitions

    for number, (name, offset, ticks, signs, ending) in enumerate(TRANSITIONS):
        client_id = client_ids[name]
        owner = clients.get_client(db, client_id).client.owner_id
        incoming = next(o for o in owner_ids[number % 3 + 1 :] + owner_ids if o != owner)
        start = today + timedelta(days=offset)
        transition_id = transitions.start_transition(
            db,
            client_id,
            {
                "incoming_id": incoming,
                "reason": REASONS[number % len(REASONS)],
                "start": start.isoformat(),
                "consent_required": number % 4 == 1,
            },
            today=today,
        )
        if name in LOGS:
            from handover_tui.services import log

            cadence = {"every_status_meeting": 7, "every_client_update": 14}
            log.set_cadence(db, transition_id, cadence, expected_version=None)
            for days_in, kind, attendees, summary in LOGS[name]:
                log.add_interaction(
                    db,
                    client_id,
                    {
                        "kind": kind,
                        "occurred_on": (start + timedelta(days=days_in)).isoformat(),
                        "attendees": attendees,
                        "summary": summary,
                    },
                )
        if name in SUMMARIES:
            transitions.update_summary(db, transition_id, SUMMARIES[name], expected_version=None)
        demo_loose_ends.populate(db, transition_id, name, start)
        plan = transitions.get_plan(db, transition_id)
        for item in plan.items[:ticks]:
            done_on = min(item.due_on or today, today)
            transitions.tick_item(db, item.id, done_on)
        for row in plan.sign_offs[:signs]:
            transitions.toggle_signed(db, row.id, today)
        if ending == "pause":
            transitions.pause(db, transition_id, "Client reorganising its procurement team.")
        elif ending == "cancel":
            transitions.cancel(db, transition_id, "The owner stays on after all.")
        elif ending == "complete":
            transitions.complete(db, transition_id, start + timedelta(days=58))
            for source, score, comment in FEEDBACK:
                transitions.add_feedback(
                    db,
                    transition_id,
                    {
                        "source": source,
                        "rating": score,
                        "comment": comment,
                        "given_on": (start + timedelta(days=60)).isoformat(),
                    },
                )
        elif ending == "override":
            transitions.complete(
                db, transition_id, today, override="Client asked to move the final review to Q1."
            )


# Notes for the accounts in transition: every category appears somewhere.
NOTES = [
    (
        "Juniper Hotels",
        "history",
        "How the account started",
        "Won in **2019** through a pilot at the Lisbon property.\n\n"
        "- Expanded to 14 hotels in 2021\n- Renewed twice without a tender",
    ),
    (
        "Juniper Hotels",
        "preferences",
        "How they like to work",
        "- Monthly steering call, *Tuesdays 9:00 Lisbon time*\n"
        "- Decks two days ahead; the CFO reads everything\n- No surprises on invoices",
    ),
    (
        "Juniper Hotels",
        "ongoing_project",
        "Guest-data platform migration",
        "Phase 2 of 3. Vendor: Nimbus. Go-live planned for **March**.\n\n"
        "Risks: data-quality backlog, one open SLA question.",
    ),
    (
        "Juniper Hotels",
        "challenge",
        "Q2 invoice dispute",
        "Two invoices contested (travel costs). Agreed to credit 50%; paperwork still open.",
    ),
    (
        "Juniper Hotels",
        "goals",
        "Their goals for next year",
        "1. One guest profile across all properties\n2. Cut booking-engine costs by 15%",
    ),
    (
        "Redwood Telecom",
        "lesson_learned",
        "Involve procurement early",
        "Last renewal slipped six weeks because procurement saw the terms too late.",
    ),
    (
        "Willow Creek Schools",
        "general",
        "Board calendar",
        "The board meets the first Thursday of each month; decisions wait for it.",
    ),
    (
        "Willow Creek Schools",
        "history",
        "Background",
        "Public tender in 2022; three-year framework with two optional years.",
    ),
    (
        "Nimbus Cloud Services",
        "lesson_learned",
        "Handoff retrospective",
        "The overlap month was worth it: the client met the new owner in person twice.",
    ),
]


def _notes(db: Database, client_ids: dict[str, int], today: date) -> None:
    from datetime import UTC, datetime, time

    from handover_tui.services import notes

    authors = ["maya", "daniel", "priya", "tomas"]
    for number, (client, category, title, body) in enumerate(NOTES):
        notes.create_note(
            db,
            client_ids[client],
            {"title": title, "category": category, "body": body, "pinned": number == 0},
            author=authors[number % len(authors)],
            at=datetime.combine(today - timedelta(days=3 * number + 1), time(9, 30), UTC),
        )


# Satisfaction over the last year, one snapshot a quarter; two accounts are slipping.
SATISFACTION = {
    "Bluefin Capital": (9, 8, 8, 5),
    "Helix Biotech": (9, 9, 8, 7),
}
# Quiet accounts: nothing logged for this many days.
QUIET = {"Quarry Stone Supply": 61, "Falcon Robotics": 95, "Keystone Legal LLP": 48}
CREDENTIALS = [
    ("Sam Whitfield", "FINRA Series 7", "FINRA", -12),
    ("Daniel Brandt", "FINRA Series 66", "FINRA", 20),
    ("Maya Okafor", "CFA charter", "CFA Institute", 700),
]


def _health(
    db: Database,
    client_ids: dict[str, int],
    owner_ids: list[int],
    rng: random.Random,
    today: date,
) -> None:
    """Health snapshots, regular check-ins, owners' credentials, and one alternative
    chosen instead of a handoff: enough for every signal to show on the dashboard."""
    from handover_tui.services import alternatives, health, log

    for name, client_id in client_ids.items():
        detail = clients.get_client(db, client_id).client
        base = rng.randint(6, 9)
        scores = SATISFACTION.get(name) or tuple(
            max(0, min(10, base + rng.choice((-1, 0, 0, 1)))) for _ in range(4)
        )
        for quarter, score in enumerate(scores):
            health.record_snapshot(
                db,
                client_id,
                {
                    "taken_on": (today - timedelta(days=91 * (3 - quarter) + 5)).isoformat(),
                    "satisfaction": score,
                    "revenue": (detail.annual_value or Decimal(0)) / 4,
                    "renewal_outcome": "renewed" if quarter == 0 else "",
                },
            )
        if name in LOGS:
            continue
        days_ago = QUIET.get(name, rng.randint(2, 40))
        log.add_interaction(
            db,
            client_id,
            {
                "kind": "check_in",
                "occurred_on": (today - timedelta(days=days_ago)).isoformat(),
                "attendees": "Owner and primary contact",
                "summary": "Regular check-in.",
            },
        )
    names = dict(zip([name for name, _role, _capacity in OWNERS], owner_ids, strict=True))
    for owner, credential, issuer, days in CREDENTIALS:
        people.add_credential(
            db,
            names[owner],
            {
                "name": credential,
                "issuer": issuer,
                "expires_on": (today + timedelta(days=days)).isoformat(),
            },
        )
    # Juniper renews in the middle of its handoff: the timing signal.
    juniper = client_ids["Juniper Hotels"]
    clients.update_client(
        db,
        juniper,
        {"renewal_date": (today + timedelta(days=12)).isoformat()},
        expected_version=None,
    )
    alternatives.choose_alternative(
        db,
        client_ids["Helix Biotech"],
        {
            "kind": "improvement_plan",
            "notes": "Fortnightly quality review with their head of R&D.",
            "chosen_on": (today - timedelta(days=20)).isoformat(),
            "review_on": (today + timedelta(days=10)).isoformat(),
        },
        author="maya",
    )
