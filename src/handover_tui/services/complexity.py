"""A client's complexity: the short form's answers, and the weight derived from them
(``domain.complexity``), which its owner's load counts instead of 1."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from handover_tui.db.engine import Database
from handover_tui.domain.complexity import ANSWER_NAMES, clean_answers
from handover_tui.models import Client
from handover_tui.services._records import apply_changes, fetch


def answers_of(client: Client) -> dict[str, int | None]:
    """The client's four answers, by column (None: not answered)."""
    return {name: getattr(client, name) for name in ANSWER_NAMES}


def assess_complexity(
    db: Database, client_id: int, fields: Mapping[str, Any], *, expected_version: int | None
) -> Client:
    """Record the answers (blank clears one) and the weight they give; one transaction."""
    values = clean_answers(fields)
    with db.transaction() as session:
        client = fetch(session, Client, client_id, "Client", lock=True)
        apply_changes(client, values, expected_version=expected_version, what=client.name)
        return client
