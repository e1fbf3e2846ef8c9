"""Use cases, one module per area. Each function is one transaction and returns plain data.

The UI and the CLI call these; neither builds queries. No Textual here.
"""

from handover_tui.domain.validation import InvalidInput

# Every module that writes imports ``services.audit`` (most through ``_records``), which
# records each write; this package stays light, so the start-up path can import
# ``services.store`` without loading SQLAlchemy.


class NotFound(LookupError):
    """The record does not exist (any more)."""


class Refused(Exception):
    """The action does not fit the record's state (a closed transition, say)."""


class StaleRecord(Exception):
    """Someone saved the record after it was loaded; ``changed`` names what they changed.

    ``current`` holds the record's values now for the fields being saved, and ``version``
    its row version, so a form can show theirs beside mine and save knowingly.
    """

    def __init__(
        self,
        what: str,
        changed: dict[str, object],
        *,
        current: dict[str, object] | None = None,
        version: int | None = None,
    ) -> None:
        self.what = what
        self.changed = changed
        self.current = current or {}
        self.version = version
        fields = ", ".join(sorted(changed)) or "its state"
        super().__init__(f"{what} was changed by someone else since you opened it ({fields}).")


__all__ = ["InvalidInput", "NotFound", "Refused", "StaleRecord"]
