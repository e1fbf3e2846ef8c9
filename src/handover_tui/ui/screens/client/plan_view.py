"""How the plan tab draws a transition plan: its head, its checklist's rows and table; the
roles and the no-plan notice are shared with the sign-off and log tabs."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any, Self

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.widgets.data_table import RowKey

from handover_tui.domain.formatting import date_text, vocab_label
from handover_tui.domain.plan import SUMMARY_SECTIONS, current_phase
from handover_tui.domain.vocab import SIDE_LABELS, Phase, Side, TransitionStatus
from handover_tui.ui import keymap
from handover_tui.ui.widgets.record_table import Column, RecordTable, fit

if TYPE_CHECKING:
    from textual.geometry import Region
    from textual.widget import Widget

    from handover_tui.services.transitions import ChecklistRow, TransitionPlan

COLUMNS: list[Column] = [
    ("mark", "", 3),
    ("title", "Item", None),
    ("who", "Who", 16),
    ("due", "Due", 11),
    ("done", "Done", 10),
]


def item_cells(item: ChecklistRow, columns: list[tuple[str, str, int]], today: date) -> list[Any]:
    widths = {key: width for key, _title, width in columns}
    overdue = item.overdue(today)
    who = item.responsible or SIDE_LABELS.get(item.side, item.side)
    due = Text(("! " if overdue else "") + date_text(item.due_on), style="bold" if overdue else "")
    title = fit(item.title, widths["title"])
    if item.done:
        title.stylize("dim")
    return [
        Text("[x]" if item.done else "[ ]", style="bold" if item.done else ""),
        title,
        fit(who, widths["who"]),
        due,
        date_text(item.done_on),
    ]


LONGEST_PHASE = max(len(phase.label) for phase in Phase)


def phase_cells(
    plan: TransitionPlan, phase: Phase, columns: list[tuple[str, str, int]]
) -> list[Any]:
    """A phase's heading row: its name and progress, then its window under Who and Due
    (start →, end), so the dates show however narrow the title column is. Where the
    longest name and its count do not fit, every phase goes by its short name."""
    title_width = {key: width for key, _title, width in columns}["title"]
    name = phase.label if title_width >= LONGEST_PHASE + 7 else phase.value.capitalize()
    heading = fit(f"{name}  {plan.progress(phase)}", title_width)
    heading.stylize("bold underline")
    window = next((w for w in plan.windows if w.phase == phase), None)
    if window is None:
        return ["", heading, "", "", ""]
    start = Text(f"{date_text(window.start)} →", style="dim")
    return ["", heading, start, Text(date_text(window.end), style="dim"), ""]


def warning_lines(warnings: list[str], key: str, shown: bool) -> list[Text]:
    """The timing warnings: one line with their count and ``key`` to show them, or that
    line (saying ``key`` hides them) and each warning under it."""
    if not warnings:
        return []
    count = f"{len(warnings)} timing warning{'s' if len(warnings) != 1 else ''}"
    lines = [Text(f"⚠ {count} — {key} to {'hide' if shown else 'show'}", style="bold")]
    if shown:
        lines += [Text(f"  • {warning}") for warning in warnings]
    return lines


def no_plan_yet(pane: Widget) -> None:
    """Warn that a plan action needs a transition, naming the client screen's key for one."""
    start = keymap.key(pane.app, "client.start_transition", "T")
    pane.notify(f"No transition yet: press {start} to plan one.", severity="warning")


def head_renderable(
    plan: TransitionPlan,
    today: date,
    summary_key: str = "H",
    warnings: tuple[str, bool] = ("w", False),
) -> Group:
    """Who hands over to whom, why, where the plan stands, and timing warnings;
    ``summary_key`` writes the handoff summary; ``warnings`` is the key that shows or
    hides the warnings and whether they are shown."""
    transition = plan.transition
    status = TransitionStatus(transition.status)
    phase = current_phase(plan.windows, today)
    stage = status.label
    if status is TransitionStatus.ACTIVE:
        stage = f"Active — {phase.label.lower()}" if phase else "Active — not started yet"
    elif transition.status_reason:
        stage = f"{status.label}: {transition.status_reason}"
    reason = vocab_label(transition.reason)
    if transition.reason_detail:
        reason += f" ({transition.reason_detail})"
    line = Text.assemble(
        (plan.outgoing or "?", "bold"),
        " → ",
        (plan.incoming or "?", "bold"),
        f"   · {reason}   · {stage}",
    )
    parts: list[Any] = [line]
    if transition.completed_on:
        done = f"Handed over on {date_text(transition.completed_on)}."
        if transition.completion_override:
            done += f" Completed with open points: {transition.completion_override}"
        parts.append(Text(done, style="italic"))
    if transition.consent_required and not transition.consent_obtained_on:
        parts.append(
            Text("⚠ The contract requires the client's consent: not recorded yet.", style="bold")
        )
    parts += warning_lines(list(plan.warnings), *warnings)
    if plan.feedback:
        parts.append(Text(f"Feedback: {plan.feedback_summary}."))
    written = sum(bool(getattr(transition, name).strip()) for name, _ in SUMMARY_SECTIONS)
    if written < len(SUMMARY_SECTIONS):
        parts.append(
            Text(
                f"Handoff summary: {written} of {len(SUMMARY_SECTIONS)} sections "
                f"written ({summary_key} to write).",
                style="italic",
            )
        )
    return Group(*parts)


class ChecklistTable(RecordTable):
    """The checklist, whose rows can be redrawn one at a time."""

    _one_row = False
    """True while ``redraw_row`` writes cells: whole-table repaints are dropped."""

    def redraw_row(self, key: str, cells: list[Any]) -> None:
        """New cells for one row, and only that row painted again.

        ``DataTable.update_cell`` ends with a repaint of the whole table, every visible
        row drawn again; while it runs here, ``refresh`` drops that repaint and the row's
        own line is refreshed instead.
        """
        row_key = RowKey(key)
        if row_key not in self.rows:
            return
        self._one_row = True
        try:
            for column_key, value in zip(self.columns, cells, strict=True):
                self.update_cell(row_key, column_key, value)
        finally:
            self._one_row = False
        self.refresh_row(self.get_row_index(row_key))

    def refresh(
        self,
        *regions: Region,
        repaint: bool = True,
        layout: bool = False,
        recompose: bool = False,
    ) -> Self:
        if self._one_row and not (regions or layout or recompose):
            return self  # update_cell's whole-table repaint: redraw_row paints its row
        return super().refresh(*regions, repaint=repaint, layout=layout, recompose=recompose)


def roles_renderable(plan: TransitionPlan) -> Table:
    """What each side carries: the text of its role first (the part a short window shows
    without scrolling), then the items it holds now."""
    roles = plan.duties()
    texts = {side: plan.role_text(side) for side in (Side.OUTGOING, Side.INCOMING, Side.CLIENT)}
    names = {
        Side.OUTGOING: plan.team(Side.OUTGOING),
        Side.INCOMING: plan.team(Side.INCOMING),
        Side.CLIENT: plan.client_name,
    }
    table = Table(expand=True, box=None, padding=(0, 1), show_edge=False)
    for side in (Side.OUTGOING, Side.INCOMING, Side.CLIENT):
        table.add_column(f"{side.label}: {names[side] or '?'}", ratio=1)
    cells = []
    for side in (Side.OUTGOING, Side.INCOMING, Side.CLIENT):
        lines = [texts[side].strip()] if texts[side].strip() else []
        lines += [f"• {title}" for title in roles[side]]
        cells.append("\n".join(lines) or "—")
    table.add_row(*cells)
    return table
