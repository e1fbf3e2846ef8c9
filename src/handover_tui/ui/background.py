"""Run a service call off the UI thread and hand its result back to the UI thread.

The database can block (a busy SQLite file, a slow server), so every call goes through a
thread worker; the result, or the error as one readable sentence, comes back on the UI
thread. A newer call in an ``exclusive`` group makes the older one's result be dropped.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from textual.dom import DOMNode
from textual.worker import Worker, get_current_worker

from handover_tui.ui.typed import app_of

if TYPE_CHECKING:
    from textual.screen import Screen

    from handover_tui.services.store import Database

T = TypeVar("T")


def run_db(
    node: DOMNode,
    call: Callable[[Database], T],
    done: Callable[[T], Any],
    *,
    group: str = "db",
    exclusive: bool = False,
    failed: Callable[[BaseException], Any] | None = None,
) -> Worker[None]:
    """Run ``call(database)`` in a thread, then ``done(result)`` on the UI thread.

    Without ``failed``, an error becomes an error toast naming what went wrong, and a
    database locked by another program asks whether to try again.
    """
    app = app_of(node)

    def trouble(error: BaseException) -> None:
        from handover_tui.ui.screens.retry import RetryPrompt, is_locked

        if failed is None and is_locked(error):  # offer to wait longer, not a dead end

            def answered(again: bool | None) -> None:
                if again:
                    run_db(node, call, done, group=group, exclusive=exclusive)

            app.push_screen(RetryPrompt("the change"), answered)
            return
        (failed or app.show_error)(error)

    def work() -> None:
        worker = get_current_worker()
        try:
            result = call(app.database())
        except Exception as error:  # handed to the UI thread, shown there
            if not worker.is_cancelled:
                app.call_from_thread(trouble, error)
            return
        if not worker.is_cancelled:
            app.call_from_thread(done, result)

    return node.run_worker(work, thread=True, group=group, exclusive=exclusive, exit_on_error=False)


def covered(screen: Screen) -> bool:
    """Whether a full screen lies over ``screen``, not just a dialog: a covered screen
    need not read anything until it is shown again (it reads on resume).

    Textual's ``Screen.is_current`` will not do: it counts the screens under one whose
    background is not yet styled, as the dashboard's is while it mounts at start-up."""
    from textual.screen import ModalScreen

    stack = screen.app.screen_stack
    if screen not in stack:
        return True  # popped on the way down to a screen under it: never shown again
    return any(not isinstance(above, ModalScreen) for above in stack[stack.index(screen) + 1 :])
