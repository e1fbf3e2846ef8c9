from datetime import date, timedelta

from handover_tui.domain import plan
from handover_tui.domain.plan import OtherTransition, Window
from handover_tui.domain.vocab import ClientStatus, Phase, Side

START = date(2027, 1, 4)


def test_default_windows_are_back_to_back():
    windows = plan.default_windows(START)
    assert [w.phase for w in windows] == list(Phase)
    assert windows[0].start == START and windows[0].end == START + timedelta(days=13)
    assert windows[1].start == windows[0].end + timedelta(days=1)
    assert (windows[1].end - windows[1].start).days == 29
    assert windows[2].end == START + timedelta(days=57)
    assert plan.check_windows(windows) == {}


def test_bad_windows_are_named_by_field():
    windows = [
        Window(Phase.PREPARATION, START, START - timedelta(days=1)),
        Window(Phase.EXECUTION, START - timedelta(days=5), START),
    ]
    errors = plan.check_windows(windows)
    assert "preparation_end" in errors and "execution_start" in errors


def test_default_template_covers_the_plan():
    phases = {item.phase for item in plan.DEFAULT_TEMPLATE}
    assert phases == set(Phase)
    titles = " ".join(item.title.lower() for item in plan.DEFAULT_TEMPLATE)
    for words in (
        "knowledge-transfer",
        "consent",
        "introduce",
        "overlap",
        "satisfaction",
        "feedback",
        "lessons learned",
        "final approval",
    ):
        assert words in titles
    # Status meetings and client updates are the plan's rhythm, not items ticked once.
    assert "weekly status" not in titles and "regular updates" not in titles
    assert plan.DEFAULT_CADENCE == {"status_meeting": 7, "client_update": 14}
    windows = plan.default_windows(START)
    for item in plan.DEFAULT_TEMPLATE:
        window = next(w for w in windows if w.phase == item.phase)
        assert window.contains(plan.due_date(item, windows))


def test_client_status_follows_the_phase():
    windows = plan.default_windows(START)
    assert plan.client_status_for(windows, START - timedelta(days=3)) is (
        ClientStatus.TRANSITION_PLANNED
    )
    assert plan.client_status_for(windows, windows[1].start) is ClientStatus.IN_TRANSITION
    assert plan.client_status_for(windows, windows[2].end) is ClientStatus.POST_TRANSITION
    assert plan.client_status_for(windows, windows[2].end + timedelta(days=9)) is (
        ClientStatus.POST_TRANSITION
    )


def test_timing_warnings():
    windows = plan.default_windows(START)
    assert plan.timing_warnings(windows, START - timedelta(days=1)) == []
    renewal = windows[1].start + timedelta(days=3)
    warnings = plan.timing_warnings(windows, renewal)
    assert "falls in transition execution" in warnings[0]
    assert any("ends on" in w for w in warnings)
    other = OtherTransition("Bluefin", windows[2].start, windows[2].end + timedelta(days=30))
    (clash,) = plan.timing_warnings(windows, None, [other], owner="Maya")
    assert clash.startswith("Maya is also in the handoff of Bluefin")


def test_progress_overdue_and_roles():
    assert str(plan.progress([True, False, True])) == "2/3"
    assert plan.progress([]).ratio == 0
    assert plan.is_overdue(date(2027, 1, 1), None, date(2027, 1, 2))
    assert not plan.is_overdue(date(2027, 1, 1), date(2027, 1, 3), date(2027, 1, 5))
    roles = plan.responsibilities([("both", "Meet"), ("client", "Sign"), ("outgoing", "Doc")])
    assert roles[Side.OUTGOING] == ["Meet", "Doc"]
    assert roles[Side.INCOMING] == ["Meet"]
    assert roles[Side.CLIENT] == ["Sign"]


def test_weekly_cadence_with_one_missed_meeting():
    start = date(2026, 11, 2)  # a Monday
    today = date(2026, 11, 25)
    logged = [date(2026, 11, 3), date(2026, 11, 18)]  # nothing in the week of the 9th
    status = plan.cadence_status("status_meeting", 7, start, date(2026, 12, 31), logged, today)
    assert status.missed == [date(2026, 11, 9)]
    assert status.next_due == date(2026, 11, 23)  # this week's meeting has not happened yet
    logged.append(date(2026, 11, 24))
    status = plan.cadence_status("status_meeting", 7, start, date(2026, 12, 31), logged, today)
    assert status.missed == [date(2026, 11, 9)]
    assert status.next_due == date(2026, 11, 30)
    after = plan.cadence_status("check_in", 7, start, date(2026, 11, 8), [], today)
    assert after.next_due is None and after.missed == [start]


def test_roles_follow_who_holds_an_item_now():
    roles = plan.responsibilities(
        [
            ("outgoing", "Passed on", "incoming", "Sam"),
            ("outgoing", "Still mine", "outgoing", "Maya"),
            ("both", "Meet", "", ""),
            ("incoming", "Review", "", "Priya"),
            ("client", "Sign", "", ""),
        ]
    )
    assert roles[Side.OUTGOING] == ["Still mine", "Meet"]
    assert roles[Side.INCOMING] == ["Passed on", "Meet", "Review (Priya)"]
    assert roles[Side.CLIENT] == ["Sign"]


def test_every_side_has_a_default_role_text():
    for side in (Side.OUTGOING, Side.INCOMING, Side.CLIENT):
        assert plan.role_text(side, "  ") == plan.DEFAULT_ROLES[side]
        assert plan.role_text(side, " Ours ") == "Ours"
    assert "introduce the successor" in plan.DEFAULT_ROLES[Side.OUTGOING].lower()
    assert "take over communication" in plan.DEFAULT_ROLES[Side.INCOMING].lower()
    assert "feedback" in plan.DEFAULT_ROLES[Side.CLIENT]
