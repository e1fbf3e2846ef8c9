"""Text charts fit the width they are given, at 80 columns and wider, without overlap."""

import re
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from handover_tui.domain import charts
from handover_tui.domain.plan import default_windows

TODAY = date(2026, 11, 23)


def rows(*starts: int) -> list[charts.TimelineRow]:
    names = ["Lumen Energy", "Cedar & Pine Architects and Partners", "Orchard Foods"]
    return [
        charts.TimelineRow(names[i % 3], tuple(default_windows(TODAY + timedelta(days=s))), "3/14")
        for i, s in enumerate(starts)
    ]


@pytest.mark.parametrize("width", [60, 80, 120, 160, 200])
def test_timeline_lines_are_exactly_the_width(width):
    chart = charts.timeline(rows(-75, -25, 10), TODAY, width)
    for line in (chart.axis, *chart.rows, chart.marker, chart.legend):
        assert len(line) == width


def test_timeline_marks_today_in_every_empty_row_cell_and_under_the_axis():
    chart = charts.timeline(rows(-75, 10), TODAY, 80)
    column = chart.today_column
    assert column is not None
    assert chart.marker[column] == "▲" and "today 23 Nov" in chart.marker
    for line in chart.rows:
        assert line[column] in (charts.TODAY_GLYPH, *charts.PHASE_GLYPHS.values())


def test_timeline_draws_each_phase_in_order():
    chart = charts.timeline(rows(0), TODAY, 80)
    bar = chart.rows[0][chart.label_width + 1 :].replace(charts.TODAY_GLYPH, " ").split()
    assert bar and re.fullmatch(r"▒+█+░+", bar[0])


def test_month_labels_do_not_overlap_and_are_never_cut():
    for width in (40, 80, 160):
        chart = charts.timeline(rows(-200, 300), TODAY, width)
        labels = re.findall(r"\S+(?: \d{4})?", chart.axis)
        for label in labels:
            assert label.split()[0] in charts.MONTHS
        assert "  " in chart.axis or len(labels) <= 1


def test_long_labels_end_with_an_ellipsis():
    chart = charts.timeline(rows(0, 0), TODAY, 80)
    assert chart.rows[1].startswith("Cedar & Pine Archit…")


def test_workload_bars_fit_and_flag_over_capacity_in_words():
    people = [("Daniel Brandt", 4, 12), ("Sam Whitfield", 5, 3), ("No Cap", 2, 0)]
    for width in (60, 76, 150):
        lines = charts.workload(people, width)
        for line in lines:
            assert len(line.name) + len(line.bar) + len(line.count) + 2 == width
    daniel, sam, free = charts.workload(people, 76)
    assert daniel.bar.rstrip().endswith(charts.FREE) and not daniel.over
    assert sam.over and charts.OVER in sam.bar and sam.count.strip() == "5/3 over by 2"
    assert free.count.strip() == "2 (no cap)"


def test_workload_uses_one_scale_for_everyone():
    lines = charts.workload([("A", 10, 10), ("B", 5, 10)], 40)
    assert lines[0].bar.count(charts.LOAD) == 2 * lines[1].bar.count(charts.LOAD)


def test_sparkline():
    assert charts.sparkline([0, 5, 10]) == "▁▅█"
    assert charts.sparkline([]) == ""


@given(
    st.lists(st.integers(-400, 400), min_size=1, max_size=8),
    st.integers(40, 220),
)
def test_timeline_never_overflows(starts, width):
    chart = charts.timeline(rows(*starts), TODAY, width)
    assert {len(line) for line in (chart.axis, *chart.rows, chart.marker)} == {width}
