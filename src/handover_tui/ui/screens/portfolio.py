"""Moving a portfolio: an owner leaving, rebalancing, rotation, and bulk actions on
chosen clients.

Every flow reads first, shows what it would do, and writes only after a confirmation:
a proposal is an editable table (who takes which client, ``portfolio_proposal``), then a
summary to confirm (``portfolio_dialogs``); ``escape`` at any step leaves the database as it
was. The writes are one transaction each (``services.portfolio``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from handover_tui.domain.formatting import plural
from handover_tui.domain.vocab import ClientStatus, TransitionReason
from handover_tui.ui import keymap
from handover_tui.ui.background import run_db
from handover_tui.ui.screens.form import FormField, FormSpec
from handover_tui.ui.screens.portfolio_dialogs import ChoiceForm, ChoiceList, ConfirmDialog
from handover_tui.ui.screens.portfolio_proposal import ProposalScreen

if TYPE_CHECKING:
    from handover_tui.domain.portfolio import Proposal
    from handover_tui.services.store import Database


# -- the flows ---------------------------------------------------------------------------------


def _refused_when_read_only(app: Any) -> bool:
    if app.read_only:
        app.notify(
            f"Nothing can be changed: {app.read_only}.", title="Read-only", severity="warning"
        )
        return True
    return False


def _after_change(app: Any, client_ids: Sequence[int], message: str) -> None:
    """Say what was done, clear the roster's marks and let every screen read again."""
    app.notify(message)
    for screen in app.screen_stack:
        clear = getattr(screen, "clear_marks", None)
        if callable(clear):
            clear()
    for client_id in client_ids:
        app.client_changed.publish(client_id)
    app.reload_all()


def review(app: Any, proposal: Proposal) -> Any:
    """Show a proposal to edit; on confirmation its transitions are created."""
    return _propose(app, proposal=proposal)


def _person_label(person: Any) -> str:
    capacity = person.capacity or "—"
    return f"{person.name} ({person.load} / {capacity})"


def owner_leaving(app: Any, person_id: int | None = None) -> Any:
    """Pick who leaves and their last day; then the proposal, then the confirmation."""
    from handover_tui.services import portfolio

    if _refused_when_read_only(app):
        return
    today = app.current_date()

    def propose(db: Database, values: dict[str, Any]) -> Proposal:
        if values.get("person_id") is None:
            from handover_tui.domain.validation import InvalidInput

            raise InvalidInput({"person_id": "Pick who is leaving."})
        return portfolio.propose_owner_leaving(
            db,
            values["person_id"],
            values.get("last_day") or "",
            start=values.get("start") or None,
            today=today,
        )

    def spec(rows: Sequence[Any]) -> FormSpec:
        fields = [
            FormField(
                "person_id",
                "Who is leaving",
                "select",
                [(_person_label(p), p.id) for p in rows],
                required=True,
                placeholder="(pick the owner)",
            ),
            FormField("last_day", "Last day", required=True, placeholder="YYYY-MM-DD"),
            FormField("start", "Handoffs start", required=True, placeholder="YYYY-MM-DD"),
        ]
        return FormSpec(
            "Owner leaving: whose clients move, and by when",
            fields,
            {"person_id": person_id, "start": today.isoformat()},
            propose,
            draft_key="portfolio.owner_leaving",
        )

    def load(db: Database) -> FormSpec:
        from handover_tui.services import people

        return spec(people.list_people(db))

    # Shown at once; the people to pick from arrive from a worker.
    form = _choice_form(spec([]), load)
    form.go = "Propose"
    return app.push_screen(form, lambda proposal: review(app, proposal) if proposal else None)


def rebalance(app: Any, person_id: int | None = None) -> Any:
    """Propose which clients an owner over capacity hands on, and to whom."""
    from handover_tui.services import people, portfolio

    if _refused_when_read_only(app):
        return None
    today = app.current_date()
    limits = app.settings.thresholds()

    def propose_for(chosen: int) -> Any:
        return _propose(
            app, lambda db: portfolio.propose_rebalance(db, chosen, today=today, limits=limits)
        )

    if person_id is not None:
        return propose_for(person_id)

    def over(db: Database) -> list[tuple[str, str]]:
        rows = people.list_people(db)
        return [(str(p.id), _person_label(p)) for p in rows if p.over_capacity]

    choices = ChoiceList(
        "Rebalance whom? (over capacity)", [], load=over, none_left="Nobody is over capacity."
    )
    return app.push_screen(choices, lambda key: propose_for(int(key)) if key else None)


def rotation_due(app: Any) -> Any:
    """Every client past the rotation interval, with a proposed new owner."""
    from handover_tui.services import portfolio

    if _refused_when_read_only(app):
        return None
    today = app.current_date()
    limits = app.settings.thresholds()
    return _propose(app, lambda db: portfolio.propose_rotation(db, today=today, limits=limits))


def _propose(
    app: Any,
    load: Callable[[Database], Proposal] | None = None,
    proposal: Proposal | None = None,
) -> Any:
    """The proposal table for ``proposal``, or shown at once while ``load`` works it out."""
    from handover_tui.domain.portfolio import started_text

    def done(ids: list[int] | None) -> None:
        if ids:
            # What was created is what the screen held when confirmed: say it from there.
            _after_change(
                app, [m.account.id for m in screen.proposal.ready], started_text(screen.proposal)
            )

    screen = ProposalScreen(proposal, today=app.current_date(), load=load)
    return app.push_screen(screen, done)


# -- bulk actions on chosen clients --------------------------------------------------------------

BULK_ACTIONS = [
    ("to_one", "Start transitions to one incoming owner…"),
    ("spread", "Start transitions spread across several owners…"),
    ("tags", "Change tags…"),
    ("status", "Change status…"),
    ("archive", "Archive…"),
]


def open_bulk_actions(app: Any, client_ids: list[int]) -> Any:
    """The actions on several chosen clients (the roster's marks): each one asks, shows a
    summary and writes only once confirmed, in one transaction."""
    ids = sorted(set(client_ids))
    if not ids:
        mark = keymap.key(app, "roster.mark", "space")
        app.notify(f"No clients are marked: {mark} marks one on the roster.", severity="warning")
        return
    if _refused_when_read_only(app):
        return
    flows = {
        "to_one": _bulk_to_one,
        "spread": _bulk_spread,
        "tags": _bulk_tags,
        "status": _bulk_status,
        "archive": _bulk_archive,
    }
    count = plural(len(ids), "client")

    def chosen(key: str | None) -> None:
        if key is not None:
            flows[key](app, ids)

    return app.push_screen(ChoiceList(f"Bulk action on {count}", BULK_ACTIONS), chosen)


def _confirm_then(
    app: Any,
    title: str,
    lines: Sequence[str] | Callable[[Database], Sequence[str]],
    go: str,
    write: Callable[[Database], Any],
    done: Callable[[Any], None],
) -> None:
    """Ask before ``write``; ``lines`` may be read by the dialog itself once shown."""

    def answered(yes: bool | None) -> None:
        if yes:
            run_db(app, write, done, group="portfolio-write")

    if callable(lines):
        dialog = ConfirmDialog(title, [], go, load=lines)
    else:
        dialog = ConfirmDialog(title, lines, go)
    app.push_screen(dialog, answered)


def _bulk_to_one(app: Any, ids: list[int]) -> Any:
    from handover_tui.domain.portfolio import plan_lines, started_text
    from handover_tui.services import people, portfolio

    today = app.current_date()

    def propose(db: Database, values: dict[str, Any]) -> Proposal:
        return portfolio.propose_to_one(
            db,
            ids,
            values.get("incoming_id") or 0,
            today=today,
            start=values.get("start"),
            reason=values.get("reason") or TransitionReason.WORKLOAD.value,
        )

    def spec(rows: Sequence[Any]) -> FormSpec:
        fields = [
            FormField(
                "incoming_id",
                "Incoming owner",
                "select",
                [(_person_label(p), p.id) for p in rows],
                required=True,
                placeholder="(pick the successor)",
            ),
            FormField("reason", "Reason", "select", TransitionReason.choices(), required=True),
            FormField("start", "Handoffs start", required=True, placeholder="YYYY-MM-DD"),
        ]
        return FormSpec(
            f"Start transitions of {plural(len(ids), 'client')} to one owner",
            fields,
            {"reason": TransitionReason.WORKLOAD.value, "start": today.isoformat()},
            propose,
            draft_key="portfolio.to_one",
        )

    def confirm(proposal: Proposal | None) -> None:
        if proposal is None:
            return
        if not proposal.moves:
            app.notify(proposal.note or "No client to move.", severity="warning")
            return
        count = len(proposal.moves)
        _confirm_then(
            app,
            f"Start {count} transition{'s' if count != 1 else ''} with the default template?",
            plan_lines(proposal),
            "Start",
            lambda db: portfolio.apply(db, proposal, today=today),
            lambda _ids: _after_change(
                app, [m.account.id for m in proposal.ready], started_text(proposal)
            ),
        )

    return app.push_screen(_choice_form(spec([]), lambda db: spec(people.list_people(db))), confirm)


def _choice_form(first: FormSpec, load: Callable[[Database], FormSpec]) -> ChoiceForm:
    """A form shown at once, its choices of people brought by a worker."""
    return ChoiceForm(
        first.title,
        first.fields,
        first.values,
        first.save,
        go="Next",
        draft_key=first.draft_key,
        load=load,
    )


def _bulk_spread(app: Any, ids: list[int]) -> Any:
    from handover_tui.services import portfolio

    today = app.current_date()
    return _propose(app, lambda db: portfolio.propose_spread(db, ids, today=today))


def _names(rows: Sequence[tuple[int, str, str, str]]) -> list[str]:
    from handover_tui.domain.formatting import vocab_label

    return [
        f"  {name} ({owner or 'no owner'}, {vocab_label(status)})"
        for _i, name, owner, status in rows
    ]


def _bulk_tags(app: Any, ids: list[int]) -> None:
    from handover_tui.domain.validation import InvalidInput, tags
    from handover_tui.services import portfolio

    fields = [
        FormField("add", "Add tags", placeholder="comma-separated, e.g. strategic, renewal-risk"),
        FormField("remove", "Remove tags", placeholder="comma-separated"),
    ]

    def check(db: Database, values: dict[str, Any]) -> tuple[dict[str, str], list]:
        cleaned = {"add": tags(values.get("add")), "remove": tags(values.get("remove"))}
        if not cleaned["add"] and not cleaned["remove"]:
            raise InvalidInput({"add": "Type a tag to add or to remove."})
        return cleaned, portfolio.client_summaries(db, ids)

    def confirm(result: tuple[dict[str, str], list] | None) -> None:
        if result is None:
            return
        cleaned, rows = result
        words = []
        if cleaned["add"]:
            words.append(f"add {cleaned['add'].replace(',', ', ')}")
        if cleaned["remove"]:
            words.append(f"remove {cleaned['remove'].replace(',', ', ')}")
        _confirm_then(
            app,
            f"Tags on {plural(len(rows), 'client')}: {' and '.join(words)}?",
            _names(rows),
            "Change",
            lambda db: portfolio.change_tags(db, ids, **cleaned),
            lambda done: _after_change(
                app, ids, f"Changed the tags of {plural(done.changed, 'client')}."
            ),
        )

    form = ChoiceForm(
        f"Tags of {plural(len(ids), 'client')}",
        fields,
        {},
        check,
        go="Next",
        draft_key="portfolio.tags",
    )
    app.push_screen(form, confirm)


def _bulk_status(app: Any, ids: list[int]) -> None:
    from handover_tui.services import portfolio

    choices = [(status.value, status.label) for status in portfolio.SETTABLE]

    def chosen(status: str | None) -> None:
        if status is None:
            return

        label = ClientStatus(status).label.lower()
        _confirm_then(
            app,
            f"Set {plural(len(ids), 'client')} to {label}?",
            lambda db: _names(portfolio.client_summaries(db, ids)),
            "Change",
            lambda db: portfolio.change_status(db, ids, status),
            lambda done: _after_change(
                app, ids, f"Set {plural(done.changed, 'client')} to {label}."
            ),
        )

    app.push_screen(ChoiceList(f"Status of {plural(len(ids), 'client')}", choices), chosen)


def _bulk_archive(app: Any, ids: list[int]) -> None:
    from handover_tui.services import portfolio

    _confirm_then(
        app,
        f"Archive {plural(len(ids), 'client')}? (Each can be restored with a on the roster.)",
        lambda db: _names(portfolio.client_summaries(db, ids)),
        "Archive",
        lambda db: portfolio.archive_clients(db, ids),
        lambda done: _after_change(app, ids, f"Archived {plural(done.changed, 'client')}."),
    )
