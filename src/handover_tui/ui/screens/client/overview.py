"""The overview tab: every field of the client, and where its handoff stands."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from rich.console import Group
from rich.table import Table
from rich.text import Text

from handover_tui.domain.charts import sparkline
from handover_tui.domain.complexity import ANSWER_NAMES, complexity_text
from handover_tui.domain.formatting import date_text, money_text, vocab_label
from handover_tui.domain.plan import SUMMARY_SECTIONS, current_phase, reach_text
from handover_tui.domain.vocab import AlternativeKind
from handover_tui.services.client_overview import Attention
from handover_tui.ui.format import status_text

if TYPE_CHECKING:
    from handover_tui.models import HealthSnapshot
    from handover_tui.services.clients import ClientDetail
    from handover_tui.services.transitions import PlanSummary, TransitionPlan

    Plan = TransitionPlan | PlanSummary

KeyText = Callable[[str, str], str]
"""The key to name for a binding id, given its default: ``keymap.key`` bound to the app."""


def default_key(_binding_id: str, default: str) -> str:
    """The default key: what the texts name when no key map is at hand."""
    return default


def overview_renderable(
    detail: ClientDetail,
    plan: Plan | None = None,
    today: date | None = None,
    attention: Attention | None = None,
    key: KeyText = default_key,
) -> Group:
    """Every field of the client, labelled, then the free-text overview; ``key`` names the
    keys the user's key map put in force."""
    attention = attention or Attention()
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
        ("Languages", client.languages),
        ("Time zone", client.time_zone),
        ("Client since", date_text(client.relationship_start)),
        ("Renewal date", date_text(client.renewal_date)),
        ("Annual value", money_text(client.annual_value, client.currency)),
        ("Tags", tags),
        ("Complexity", complexity_line(client, key)),
    ]
    rows.append(("Satisfaction", health_line(attention.health, key)))
    if plan is not None:
        rows.append(("Transition", transition_line(plan, today or date.today(), key)))
    for label, value in rows:
        grid.add_row(label, value or Text("—", style="dim"))
    edit = key("client.edit", "e")
    overview = client.overview.strip() or f"No overview yet: press {edit} to write one."
    parts: list[Any] = [grid]
    parts += attention_parts(attention, client.currency, key)
    if plan is not None:
        parts += summary_parts(plan, key)
    parts += [
        Text(""),
        Text("Overview", style="bold underline"),
        Text("Performance, ongoing projects, outstanding issues", style="dim"),
        Text(overview, style="" if client.overview.strip() else "italic"),
    ]
    return Group(*parts)


def complexity_line(client: Any, key: KeyText = default_key) -> Text:
    """``3 of 5 (technical 4, organisation 3)``, or how to assess it."""
    answers = {name: getattr(client, name, None) for name in ANSWER_NAMES}
    text = Text(complexity_text(client.complexity, answers))
    if all(value is None for value in answers.values()):
        text.append(f" ({key('client.complexity', 'W')} assesses it)", style="italic")
    return text


def summary_parts(plan: Plan, key: KeyText = default_key) -> list[Any]:
    """The handoff summary, the first thing a successor reads; only written sections."""
    transition = plan.transition
    sections = [(heading, getattr(transition, name).strip()) for name, heading in SUMMARY_SECTIONS]
    reach = reach_text(transition.summary_reachable_until, transition.summary_reach_channel)
    if reach:  # until when and by which channel, before how
        sections = [
            (heading, f"{reach}\n{text}".strip() if name == "summary_outgoing_contact" else text)
            for (name, _), (heading, text) in zip(SUMMARY_SECTIONS, sections, strict=True)
        ]
    written = [(heading, text) for heading, text in sections if text]
    parts: list[Any] = [Text(""), Text("Handoff summary", style="bold underline")]
    if not written:
        tab, write = key("client.transition", "t"), key("checklist.summary", "H")
        parts.append(Text(f"Not written yet: press {tab}, then {write}.", style="italic"))
    for heading, text in written:
        parts += [Text(heading, style="bold"), Text(text)]
    return parts


def transition_line(plan: Plan, today: date, key: KeyText = default_key) -> str:
    """``Maya → Sam · transition execution · 3/14 done`` (press t for the plan)."""
    status = plan.transition.status
    if status == "active":
        phase = current_phase(plan.windows, today)
        stage = phase.label.lower() if phase else "starts " + date_text(plan.windows[0].start)
    else:
        stage = status
    tab = key("client.transition", "t")
    return f"{plan.outgoing} → {plan.incoming} · {stage} · {plan.progress()} done  ({tab}: plan)"


def health_line(snapshots: list[HealthSnapshot], key: KeyText = default_key) -> Text:
    """``▇▇▇▅ 5/10 on 2026-11-18 (was 8)``, or how to record the first one."""
    scored = [s for s in snapshots if s.satisfaction is not None]
    if not scored:
        record = key("client.health", "h")
        return Text(f"no health snapshot yet ({record} records one)", style="italic")
    last = scored[-1]
    text = Text(sparkline([s.satisfaction or 0 for s in scored[-12:]]) + "  ", style="bold")
    text.append(f"{last.satisfaction}/10 on {last.taken_on.isoformat()}")
    if len(scored) > 1:
        text.append(f" (was {scored[-2].satisfaction})", style="dim")
    outcomes = [s for s in snapshots if s.renewal_outcome]
    if outcomes:
        text.append(f" · renewal {vocab_label(outcomes[-1].renewal_outcome).lower()}")
    return text


def attention_parts(
    attention: Attention, currency: str = "USD", key: KeyText = default_key
) -> list[Any]:
    """What needs attention and, before replacing the owner, what else could be tried."""
    parts: list[Any] = []
    if attention.signals:
        parts += [Text(""), Text("Needs attention", style="bold underline")]
        for signal in attention.signals:
            parts.append(
                Text.assemble(
                    (f"{signal.severity.symbol} {signal.severity.label}: ", "bold"),
                    (f"{signal.kind.label}. ", "bold"),
                    signal.message,
                )
            )
        parts += [
            Text(""),
            Text(
                "Alternatives to a change of owner "
                f"({key('client.alternative', 'A')} records the one chosen)",
                style="bold",
            ),
        ]
        for kind in AlternativeKind:
            parts.append(Text.assemble("  • ", (kind.label, "bold"), f": {kind.description}"))
    if attention.alternatives:
        parts += [Text(""), Text("Alternatives chosen", style="bold underline")]
        for chosen in attention.alternatives:
            if chosen.reviewed_on:
                review = f"reviewed on {chosen.reviewed_on.isoformat()}"
            elif chosen.review_on:
                reviewed = key("client.reviewed", "v")
                review = f"review on {chosen.review_on.isoformat()} ({reviewed} marks it reviewed)"
            else:
                review = "no review planned"
            by = f" by {chosen.author}" if chosen.author else ""
            line = Text.assemble(
                ("✓ " if chosen.reviewed_on else "○ ", "bold"),
                (chosen.kind.label, "bold"),
                f", chosen {chosen.chosen_on.isoformat()}{by}; {review}",
            )
            parts.append(line)
            if chosen.notes:
                parts.append(Text("  " + chosen.notes, style="dim"))
    if len(attention.health) > 1:
        parts += [Text(""), Text("Health history", style="bold underline")]
        history = Table.grid(padding=(0, 2))
        for _ in range(4):
            history.add_column(no_wrap=True)
        history.add_row(*(Text(h, style="dim") for h in ("Date", "Score", "Revenue", "Renewal")))
        for snapshot in reversed(attention.health[-8:]):
            history.add_row(
                snapshot.taken_on.isoformat(),
                "—" if snapshot.satisfaction is None else f"{snapshot.satisfaction}/10",
                money_text(snapshot.revenue, currency) or "—",
                vocab_label(snapshot.renewal_outcome) or "—",
            )
        parts.append(history)
    return parts
