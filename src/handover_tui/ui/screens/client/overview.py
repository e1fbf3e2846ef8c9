"""The overview tab: every field of the client, and where its handoff stands."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from rich.console import Group
from rich.table import Table
from rich.text import Text

from handover_tui.domain.formatting import date_text, money_text, vocab_label
from handover_tui.domain.plan import SUMMARY_SECTIONS, current_phase
from handover_tui.ui.format import status_text

if TYPE_CHECKING:
    from handover_tui.services.clients import ClientDetail
    from handover_tui.services.transitions import TransitionPlan


def overview_renderable(
    detail: ClientDetail, plan: TransitionPlan | None = None, today: date | None = None
) -> Group:
    """Every field of the client, labelled, then the free-text overview."""
    client = detail.client
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column()
    tags = ", ".join(tag for tag in client.tags.split(",") if tag)
    rows: list[tuple[str, Any]] = [
        ("Status", status_text(client.status)),
        ("Lifecycle stage", vocab_label(client.lifecycle_stage)),
        ("Owner", detail.owner or Text("no owner", style="italic")),
        ("Deputy", detail.deputy or Text("none named", style="italic")),
        ("Industry", client.industry),
        ("Segment", client.segment),
        ("Client since", date_text(client.relationship_start)),
        ("Renewal date", date_text(client.renewal_date)),
        ("Annual value", money_text(client.annual_value, client.currency)),
        ("Tags", tags),
    ]
    if plan is not None:
        rows.append(("Transition", transition_line(plan, today or date.today())))
    for label, value in rows:
        grid.add_row(label, value or Text("—", style="dim"))
    overview = client.overview.strip() or "No overview yet: press e to write one."
    parts: list[Any] = [grid]
    if plan is not None:
        parts += summary_parts(plan)
    parts += [
        Text(""),
        Text("Overview", style="bold underline"),
        Text("Performance, ongoing projects, outstanding issues", style="dim"),
        Text(overview, style="" if client.overview.strip() else "italic"),
    ]
    return Group(*parts)


def summary_parts(plan: TransitionPlan) -> list[Any]:
    """The handoff summary, the first thing a successor reads; only written sections."""
    sections = [
        (heading, getattr(plan.transition, name).strip()) for name, heading in SUMMARY_SECTIONS
    ]
    written = [(heading, text) for heading, text in sections if text]
    parts: list[Any] = [Text(""), Text("Handoff summary", style="bold underline")]
    if not written:
        parts.append(Text("Not written yet: press t, then H.", style="italic"))
    for heading, text in written:
        parts += [Text(heading, style="bold"), Text(text)]
    return parts


def transition_line(plan: TransitionPlan, today: date) -> str:
    """``Maya → Sam · transition execution · 3/14 done`` (press t for the plan)."""
    status = plan.transition.status
    if status == "active":
        phase = current_phase(plan.windows, today)
        stage = phase.label.lower() if phase else "starts " + date_text(plan.windows[0].start)
    else:
        stage = status
    return f"{plan.outgoing} → {plan.incoming} · {stage} · {plan.progress()} done  (t: plan)"
