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
            if key in (member.value, member.label.lower().replace(" ", "_")):
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
    LOOSE_END = "loose_end"
    LESSON_LEARNED = "lesson_learned"
    GENERAL = "general"


class InteractionKind(Vocabulary):
    STATUS_MEETING = "status_meeting"
    KNOWLEDGE_TRANSFER = "knowledge_transfer"
    CLIENT_UPDATE = "client_update"
    CHECK_IN = "check_in"
    OTHER = "other"


class Channel(Vocabulary):
    EMAIL = "email"
    PHONE = "phone"
    VIDEO = "video"
    IN_PERSON = "in_person"
    CHAT = "chat"
