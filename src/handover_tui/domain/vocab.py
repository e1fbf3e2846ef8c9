"""The words of the domain: statuses, stages, reasons, sides and categories.

Values are stored as their lower-case string; ``label`` is what a person reads.
"""

from __future__ import annotations

from enum import StrEnum

from handover_tui.domain.formatting import vocab_label


class Vocabulary(StrEnum):
    """A closed list of values, each with a human label."""

    @property
    def label(self) -> str:
        return vocab_label(self.value)

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        """(label, value) pairs in declaration order, as a select widget wants them."""
        return [(member.label, member.value) for member in cls]

    @classmethod
    def parse(cls, text: str) -> Vocabulary:
        """Accept a value or a label in any case, with spaces, hyphens or underscores."""
        key = text.strip().lower().replace("-", "_").replace(" ", "_")
        for member in cls:
            if key in (member.value, member.label.lower().replace("-", "_").replace(" ", "_")):
                return member
        raise ValueError(f"'{text}' is not one of: {', '.join(m.label for m in cls)}")


class ClientStatus(Vocabulary):
    ACTIVE = "active"
    TRANSITION_PLANNED = "transition_planned"
    IN_TRANSITION = "in_transition"
    POST_TRANSITION = "post_transition"
    HANDED_OFF = "handed_off"
    ARCHIVED = "archived"


class LifecycleStage(Vocabulary):
    ONBOARDING = "onboarding"
    GROWTH = "growth"
    MATURE = "mature"
    RENEWAL = "renewal"
    AT_RISK = "at_risk"


class TransitionReason(Vocabulary):
    DECLINING_ENGAGEMENT = "declining_engagement"
    STYLE_MISMATCH = "style_mismatch"
    WORKLOAD = "workload"
    SUCCESSION = "succession"
    ROTATION = "rotation"
    CLIENT_OUTGREW = "client_outgrew"
    DECLINING_RETENTION = "declining_retention"
    RESISTANCE_TO_CHANGE = "resistance_to_change"
    STRATEGIC_CHANGE = "strategic_change"
    OWNER_LEAVING = "owner_leaving"
    CLIENT_REQUEST = "client_request"
    OTHER = "other"


class TransitionStatus(Vocabulary):
    """Where a transition stands; which phase it is in follows from its dates."""

    ACTIVE = "active"
    PAUSED = "paused"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


class Phase(Vocabulary):
    PREPARATION = "preparation"
    EXECUTION = "execution"
    SUPPORT = "support"

    @property
    def label(self) -> str:
        return PHASE_LABELS[self.value]


PHASE_LABELS = {
    "preparation": "Pre-transition preparation",
    "execution": "Transition execution",
    "support": "Post-transition support",
}


class Side(Vocabulary):
    OUTGOING = "outgoing"
    INCOMING = "incoming"
    CLIENT = "client"
    BOTH = "both"
    STAKEHOLDER = "stakeholder"

    @property
    def label(self) -> str:
        return SIDE_LABELS[self.value]


SIDE_LABELS = {
    "outgoing": "Outgoing owner",
    "incoming": "Incoming owner",
    "client": "Client",
    "both": "Both owners",
    "stakeholder": "Stakeholder",
}


class NoteCategory(Vocabulary):
    HISTORY = "history"
    PREFERENCES = "preferences"
    ONGOING_PROJECT = "ongoing_project"
    CHALLENGE = "challenge"
    GOALS = "goals"
    LESSON_LEARNED = "lesson_learned"
    GENERAL = "general"


class LooseEndState(Vocabulary):
    """Where a loose end of a handoff stands: open, done, or dropped (with a reason)."""

    OPEN = "open"
    DONE = "done"
    DROPPED = "dropped"


LOOSE_END_HOLDERS = ("outgoing", "incoming", "client")
"""Who may hold a loose end: either owner, or the client (one of its contacts)."""


class InteractionKind(Vocabulary):
    STATUS_MEETING = "status_meeting"
    KNOWLEDGE_TRANSFER = "knowledge_transfer"
    CLIENT_UPDATE = "client_update"
    CHECK_IN = "check_in"
    INTRODUCTION = "introduction"  # of the incoming owner to the client: it is informed
    OTHER = "other"


class DecisionRole(Vocabulary):
    """A contact's part in the client's decisions (the stakeholder map)."""

    DECISION_MAKER = "decision_maker"
    INFLUENCER = "influencer"
    CHAMPION = "champion"
    USER = "user"
    GATEKEEPER = "gatekeeper"


class Seniority(Vocabulary):
    EXECUTIVE = "executive"
    SENIOR = "senior"
    MANAGER = "manager"
    STAFF = "staff"


SENIOR = (Seniority.EXECUTIVE.value, Seniority.SENIOR.value)
"""The levels that make a contact senior (a relationship that reaches decisions)."""


class Sentiment(Vocabulary):
    POSITIVE = "positive"
    NEUTRAL = "neutral"
    NEGATIVE = "negative"


class Channel(Vocabulary):
    EMAIL = "email"
    PHONE = "phone"
    VIDEO = "video"
    IN_PERSON = "in_person"
    CHAT = "chat"


class RenewalOutcome(Vocabulary):
    """How the last renewal conversation ended, as recorded with a health snapshot."""

    PENDING = "pending"
    RENEWED = "renewed"
    EXPANDED = "expanded"
    REDUCED = "reduced"
    LOST = "lost"


class Severity(Vocabulary):
    """How soon a signal needs someone's attention; ``rank`` orders the dashboard."""

    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"

    @property
    def rank(self) -> int:
        return list(Severity).index(self)

    @property
    def symbol(self) -> str:
        return {"high": "‼", "medium": "!", "low": "·"}[self.value]


class SignalKind(Vocabulary):
    """Why a relationship needs attention; ``tag`` is the roster's short form."""

    OVERDUE_ITEMS = "overdue_items"
    UNSIGNED = "unsigned"
    CONSENT = "consent"
    SATISFACTION = "satisfaction"
    CREDENTIAL = "credential"
    BAD_TIMING = "bad_timing"
    KNOWLEDGE_GAP = "knowledge_gap"
    QUIET = "quiet"
    NO_SUCCESSOR = "no_successor"
    OVER_CAPACITY = "over_capacity"
    ROTATION = "rotation"
    NO_OWNER = "no_owner"
    DECLINING_ENGAGEMENT = "declining_engagement"
    OUTGROWING = "outgrowing"
    SINGLE_THREADED = "single_threaded"

    @property
    def label(self) -> str:
        return SIGNAL_LABELS[self.value][0]

    @property
    def tag(self) -> str:
        return SIGNAL_LABELS[self.value][1]


SIGNAL_LABELS = {
    "overdue_items": ("Overdue checklist items", "late"),
    "unsigned": ("Past its end without all sign-offs", "signoff"),
    "consent": ("Client consent not recorded", "consent"),
    "satisfaction": ("Satisfaction falling", "csat↓"),
    "credential": ("Owner's credential expiring", "cred"),
    "bad_timing": ("Renewal collides with the handoff", "timing"),
    "knowledge_gap": ("Knowledge-transfer notes missing", "notes"),
    "quiet": ("No recent interaction", "quiet"),
    "no_successor": ("No successor or deputy named", "deputy"),
    "over_capacity": ("Owner over capacity", "load"),
    "rotation": ("Tenure past the rotation interval", "tenure"),
    "no_owner": ("No owner", "owner"),
    "declining_engagement": ("Engagement declining", "engage↓"),
    "outgrowing": ("Client outgrowing the relationship", "outgrow"),
    "single_threaded": ("Single-threaded relationship", "1-thread"),
}


class AlternativeKind(Vocabulary):
    """What can be done for a relationship short of a full change of owner."""

    EXTRA_SUPPORT = "extra_support"
    OWNER_DEVELOPMENT = "owner_development"
    RESTRUCTURE = "restructure"
    LIGHTER_ENGAGEMENT = "lighter_engagement"
    IMPROVEMENT_PLAN = "improvement_plan"

    @property
    def label(self) -> str:
        return ALTERNATIVES[self.value][0]

    @property
    def description(self) -> str:
        return ALTERNATIVES[self.value][1]


ALTERNATIVES = {
    "extra_support": (
        "Extra support",
        "Add a colleague or specialist beside the owner for a while.",
    ),
    "owner_development": (
        "Development for the owner",
        "Coaching or training for the owner on what the client needs.",
    ),
    "restructure": (
        "Restructure the portfolio",
        "Move other accounts away so the owner has room for this one.",
    ),
    "lighter_engagement": (
        "Lighter engagement model",
        "Agree a lighter service rhythm the owner can keep.",
    ),
    "improvement_plan": (
        "Improvement plan",
        "Agree concrete improvements with the client and review them on a date.",
    ),
}
