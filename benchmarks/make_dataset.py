"""Build a realistic handover database of a chosen size, through the services.

    python benchmarks/make_dataset.py --clients 10000 --notes 100000 [--seed 1] [--out PATH]

Owners with capacity, clients with contacts, transitions with the default template's
checklist (some items ticked), notes of realistic length written from a Zipf-distributed
vocabulary (so full-text search meets both rare and common words), health snapshots and
logged interactions. The same arguments always give the same contents.

The first client is the "big" one the client-screen benchmarks open: 500 notes (when the
data set has that many) and a checklist of 200 items. Its id and name are written beside
the database as ``<db>.json``.

Without ``--out`` the file is cached under ``benchmarks/.data`` (git-ignored), so a
second run with the same arguments costs nothing; :func:`dataset` is the same for other
scripts.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock
from decimal import Decimal
from pathlib import Path

HERE = Path(__file__).resolve().parent
CACHE = HERE / ".data"
TODAY = date(2026, 11, 2)
"""The fixed "today" of every data set, so dates are the same on every build."""
BIG_NOTES = 500
BIG_ITEMS = 200

sys.path.insert(0, str(HERE.parent / "src"))


def _words(text: str) -> list[str]:
    return text.split()


INDUSTRIES = [
    ("Logistics", "Mid-market"),
    ("Healthcare", "Enterprise"),
    ("Financial services", "Enterprise"),
    ("Professional services", "SMB"),
    ("Life sciences", "Mid-market"),
    ("Energy", "Enterprise"),
    ("Food & beverage", "Mid-market"),
    ("Construction", "SMB"),
    ("Retail", "Mid-market"),
    ("Technology", "SMB"),
    ("Education", "Public sector"),
    ("Travel", "Enterprise"),
    ("Media", "Mid-market"),
    ("Insurance", "Enterprise"),
    ("Real estate", "Mid-market"),
    ("Manufacturing", "Mid-market"),
    ("Hospitality", "Enterprise"),
    ("Telecommunications", "Enterprise"),
    ("Agriculture", "SMB"),
    ("Public sector", "Public sector"),
]
NAME_FIRST = _words(
    "Acme Alder Amber Apex Arbor Aspen Atlas Beacon Birch Blue Bright Canyon Cedar Cobalt "
    "Copper Coral Crest Crown Delta Eagle Echo Elm Ember Evergreen Falcon Fern Flint Forge "
    "Fox Garnet Glacier Granite Harbor Hazel Helix Heron Horizon Indigo Iron Ivy Jade "
    "Juniper Keystone Lark Laurel Lumen Maple Meridian Mesa Nimbus North Oak Onyx Orchard "
    "Pacific Pine Pioneer Prairie Quarry Raven Redwood River Sage Sequoia Sierra Silver "
    "Spruce Summit Tidewater Timber Vantage Willow Zephyr"
)
NAME_SECOND = _words(
    "Analytics Architects Bank Biotech Capital Foods Freight Health Hotels Insurance Labs "
    "Legal Logistics Media Metals Motors Partners Pharma Power Robotics Schools Security "
    "Shipping Software Systems Telecom Textiles Utilities Ventures Works"
)
NAME_SUFFIX = ["", "", "", " Inc.", " Ltd", " LLC", " Group", " Co.", " GmbH", " plc"]
FIRST = _words(
    "Alex Jordan Morgan Casey Riley Avery Quinn Rowan Elena Marcus Ingrid Kenji Fatima Lars "
    "Chloé Noah Amara Luca Sofia Mateo Aisha Omar Hana Yusuf Priya Daniel Helen Tomás Maya"
)
LAST = _words(
    "Nguyen Schmidt Johansson Mensah Rossi Kowalski Haddad Fischer Dubois Tanaka Moreau "
    "Silva Byrne Patel Novak Okafor Brandt Raman Alvarez Park Whitfield Costa Lindqvist"
)
TITLES = ["CFO", "COO", "Head of Operations", "VP Procurement", "IT Director", "CEO"]
ROLES = ["Partner", "Senior consultant", "Account manager", "Consultant", "Associate"]
ZONES = ["America/New_York", "America/Chicago", "Europe/London", "Europe/Berlin", "Asia/Tokyo"]
TAGS = ["strategic", "renewal-risk", "upsell", "regulated", "reference", "multi-site"]
STAGES = ["onboarding", "growth", "mature", "renewal", "at_risk"]
CATEGORIES = [
    "history",
    "preferences",
    "ongoing_project",
    "challenge",
    "goals",
    "lesson_learned",
    "general",
]
REASONS = ["workload", "rotation", "owner_leaving", "succession", "client_request"]
KINDS = ["status_meeting", "knowledge_transfer", "client_update", "check_in"]
# Common words of account work first (the Zipf head), then made-up names and jargon.
COMMON = _words(
    "the client team project contract renewal invoice budget pricing meeting review "
    "steering committee stakeholder migration platform rollout phase vendor license "
    "procurement deadline quarter roadmap risk issue escalation sponsor workshop report "
    "dashboard data security compliance audit onboarding training support ticket release "
    "integration billing discount scope change request approval signature legal terms "
    "timeline milestone delivery handover successor introduction overlap feedback "
    "satisfaction survey pilot expansion regional office warehouse hospital store branch "
    "board director manager analyst engineer finance operations marketing sales"
)
FILLER = _words(
    "and to of in for on with at by from about as is was will be has have not but they "
    "we our their this that it an or if when after before during next last every"
)


def _made_up_words(rng: random.Random, count: int) -> list[str]:
    """Pronounceable words no dictionary has: product names, places, jargon."""
    onsets = _words("b c d f g h k l m n p r s t v z br cl dr fl gr pl pr st tr")
    vowels = _words("a e i o u ai ea io ou")
    codas = ["", "", "n", "r", "s", "x", "l", "nd", "rt", "st"]
    found: set[str] = set()
    while len(found) < count:
        syllables = rng.randint(2, 3)
        word = "".join(rng.choice(onsets) + rng.choice(vowels) for _ in range(syllables))
        found.add(word + rng.choice(codas))
    return sorted(found)


class Writer:
    """Text generator: Zipf-weighted content words with plain filler between them."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.words = COMMON + _made_up_words(rng, 4000)
        weights = [1 / (rank + 1) ** 1.05 for rank in range(len(self.words))]
        total = 0.0
        self.cumulative = []
        for weight in weights:
            total += weight
            self.cumulative.append(total)

    def sentence(self) -> str:
        count = self.rng.randint(6, 16)
        content = self.rng.choices(self.words, cum_weights=self.cumulative, k=count)
        words = [
            word if index % 3 else f"{self.rng.choice(FILLER)} {word}"
            for index, word in enumerate(content)
        ]
        text = " ".join(words)
        return text[0].upper() + text[1:] + "."

    def title(self) -> str:
        words = self.rng.choices(self.words, cum_weights=self.cumulative, k=self.rng.randint(2, 6))
        text = " ".join(words)
        return text[0].upper() + text[1:]

    def body(self) -> str:
        """One to four paragraphs, sometimes a bullet list: 40 to 300 words or so."""
        parts = []
        for _ in range(self.rng.randint(1, 4)):
            if self.rng.random() < 0.25:
                parts.append("\n".join(f"- {self.sentence()}" for _ in range(3)))
            else:
                parts.append(" ".join(self.sentence() for _ in range(self.rng.randint(1, 4))))
        return "\n\n".join(parts)


def build(path: Path, clients: int, notes: int, seed: int = 1) -> dict:
    """Fill a new database at ``path``; returns what the benchmarks need to know."""
    from handover_tui.db.engine import open_database
    from handover_tui.services import clients as client_service
    from handover_tui.services import contacts, health, log, people, transitions
    from handover_tui.services import notes as note_service

    rng = random.Random(seed)
    writer = Writer(rng)
    db = open_database(f"sqlite:///{path}")
    started = time.perf_counter()
    try:
        owner_ids = []
        for number in range(max(3, clients // 35)):
            first, last = FIRST[number % len(FIRST)], LAST[(number // len(FIRST)) % len(LAST)]
            person = people.create_person(
                db,
                {
                    "name": f"{first} {last}" + (f" {number}" if number >= 600 else ""),
                    "role": rng.choice(ROLES),
                    "capacity": rng.randint(25, 45),
                    "email": f"owner{number}@northstar-consulting.example",
                },
            )
            owner_ids.append(person.id)

        def client(index: int) -> dict:
            industry, segment = rng.choice(INDUSTRIES)
            name = f"{rng.choice(NAME_FIRST)} {rng.choice(NAME_SECOND)}"
            return {
                "name": f"{name}{rng.choice(NAME_SUFFIX)}",
                "industry": industry,
                "segment": segment,
                "lifecycle_stage": rng.choice(STAGES),
                "owner_id": owner_ids[rng.randrange(len(owner_ids))] if index % 50 else None,
                "deputy_id": owner_ids[rng.randrange(len(owner_ids))] if index % 3 else None,
                "relationship_start": TODAY - timedelta(days=rng.randint(60, 3000)),
                "renewal_date": TODAY + timedelta(days=rng.randint(-30, 500)),
                "annual_value": Decimal(rng.randrange(10, 2000)) * 1000,
                "currency": "EUR" if index % 7 == 3 else "USD",
                "tags": ",".join(rng.sample(TAGS, rng.randint(0, 2))),
                "overview": writer.sentence(),
            }

        big = client(0)
        big["name"], big["owner_id"] = "Aldergrove Holdings", owner_ids[0]
        client_service.create_clients(db, [big] + [client(i) for i in range(1, clients)])
        ids = [row[0] for row in client_service.client_names(db)]
        ids.sort()
        big_id = ids[0]
        _progress("clients", started)

        def contact(client_id: int, number: int) -> tuple[int, dict]:
            first, last = rng.choice(FIRST), rng.choice(LAST)
            return client_id, {
                "name": f"{first} {last}",
                "title": rng.choice(TITLES),
                "email": f"{first.lower().replace('é', 'e').replace('á', 'a')}.{last.lower()}"
                f"{client_id}@client.example",
                "time_zone": rng.choice(ZONES),
                "is_primary": number == 0,
            }

        contacts.add_contacts(
            db, [contact(cid, n) for cid in ids for n in range(1 + (cid % 3 == 0))]
        )
        _progress("contacts", started)

        # Transitions: the big client's, then about one client in twenty (at most 1,000:
        # beyond that they add build time, not realism).
        wanted = min(clients // 20, 1000)
        running = [big_id, *ids[1 :: max(1, len(ids) // max(1, wanted))][:wanted]]
        for number, client_id in enumerate(running):
            owner = client_service.get_client(db, client_id).client.owner_id
            if owner is None:
                continue
            incoming = next(o for o in owner_ids[number % 5 :] + owner_ids if o != owner)
            start = TODAY - timedelta(days=rng.randint(-10, 60))
            transition_id = transitions.start_transition(
                db,
                client_id,
                {
                    "incoming_id": incoming,
                    "reason": rng.choice(REASONS),
                    "start": start.isoformat(),
                },
                today=TODAY,
            )
            plan = transitions.get_plan(db, transition_id)
            for item in plan.items[: rng.randint(0, len(plan.items) // 2)]:
                transitions.tick_item(db, item.id, min(item.due_on or TODAY, TODAY))
            if client_id == big_id:
                phases = ["preparation", "execution", "support"]
                for position in range(BIG_ITEMS - len(plan.items)):
                    transitions.add_item(
                        db,
                        transition_id,
                        {
                            "phase": phases[position % 3],
                            "title": writer.title(),
                            "side": rng.choice(["outgoing", "incoming", "both", "client"]),
                            "due_on": (start + timedelta(days=position % 60)).isoformat(),
                        },
                    )
        _progress("transitions", started)

        # Health and the log for about one client in five (at most 2,000).
        for client_id in ids[::5][:2000]:
            for quarter in range(2):
                health.record_snapshot(
                    db,
                    client_id,
                    {
                        "taken_on": (TODAY - timedelta(days=91 * (1 - quarter) + 5)).isoformat(),
                        "satisfaction": rng.randint(3, 10),
                    },
                )
            log.add_interaction(
                db,
                client_id,
                {
                    "kind": rng.choice(KINDS),
                    "occurred_on": (TODAY - timedelta(days=rng.randint(1, 120))).isoformat(),
                    "attendees": "Owner and primary contact",
                    "summary": writer.sentence(),
                },
            )
        _progress("health and log", started)

        authors = ["maya", "daniel", "priya", "tomas", "helen", "sam"]

        def note(number: int) -> tuple[int, dict, datetime]:
            owner = big_id if number < min(BIG_NOTES, notes) else rng.choice(ids)
            at = datetime.combine(TODAY - timedelta(days=rng.randint(0, 900)), clock(9), UTC)
            fields = {
                "title": writer.title(),
                "category": rng.choice(CATEGORIES),
                "body": writer.body(),
                "pinned": rng.random() < 0.02,
            }
            return owner, fields, at

        done = 0
        while done < notes:
            batch = min(10_000, notes - done)
            note_service.create_notes(
                db, [note(done + n) for n in range(batch)], author=authors[done % 6]
            )
            done += batch
        _progress(f"{notes} notes", started)
    finally:
        db.close()
    info = {"clients": clients, "notes": notes, "seed": seed}
    info |= {"big_client_id": big_id, "big_client": "Aldergrove Holdings"}
    Path(f"{path}.json").write_text(json.dumps(info))
    return info


def _progress(what: str, started: float) -> None:
    print(f"  {what}: {time.perf_counter() - started:.1f} s", file=sys.stderr)


def dataset(clients: int, notes: int, seed: int = 1) -> tuple[Path, dict]:
    """The cached database of this size (built on first use) and its facts."""
    import fcntl

    CACHE.mkdir(exist_ok=True)
    path = CACHE / f"clients{clients}-notes{notes}-seed{seed}.db"
    facts = Path(f"{path}.json")
    with open(CACHE / f"{path.name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # two scripts asking at once build it once
        return _cached(path, facts, clients, notes, seed)


def _cached(path: Path, facts: Path, clients: int, notes: int, seed: int) -> tuple[Path, dict]:
    if path.exists() and facts.exists():
        _upgrade(path)
        return path, json.loads(facts.read_text())
    print(f"building {path.name} …", file=sys.stderr)
    partial = path.with_suffix(".partial.db")
    for stale in (partial, Path(f"{partial}-wal"), Path(f"{partial}-shm")):
        stale.unlink(missing_ok=True)
    info = build(partial, clients, notes, seed)
    Path(f"{partial}.json").unlink()
    partial.rename(path)
    facts.write_text(json.dumps(info))
    return path, info


def _upgrade(path: Path) -> None:
    """Bring a data set cached by an older version to the current schema (once, here,
    not inside a timed run), dropping the copy the upgrade keeps."""
    from handover_tui.db.engine import open_database

    open_database(f"sqlite:///{path}").close()
    for copy in path.parent.glob(f"{path.name}.before-*.bak"):
        copy.unlink()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, required=True)
    parser.add_argument("--notes", type=int, required=True)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, help="write here (default: the cache)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    if args.out is not None:
        if args.out.exists():
            parser.error(f"{args.out} exists; remove it first")
        info = build(args.out, args.clients, args.notes, args.seed)
        path = args.out
    else:
        path, info = dataset(args.clients, args.notes, args.seed)
    print(json.dumps({"path": str(path), **info, "seconds": time.perf_counter() - started}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
