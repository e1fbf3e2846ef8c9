"""Child process of the start-up and memory benchmarks; not meant to be run by hand.

    _probe.py bare|handover [DB] --until first|data|loaded|board|usable|client

Runs the app headless and prints, as JSON, the milliseconds from ``BENCH_T0`` (the
parent's clock just before it started this process) to the first painted frame
(``first``), to the first frame with the roster's rows (``data``: its first screenful,
read before every row is), to the first frame with every row read (``loaded``), to the
first frame of the dashboard with its data (``board``), to the first frame of the roster
saying how to add a first client on a new, empty database (``usable``), or to the first
frame of a client opened after the roster's data (``client``), with the peak RSS so far;
then exits at once.
"""

import json
import os
import resource
import sys
import time

T0 = float(os.environ.get("BENCH_T0", "0")) or time.time()


def report(what: str) -> None:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    sys.stdout.write(json.dumps({what: (time.time() - T0) * 1000, "peak_mib": peak}) + "\n")
    sys.stdout.flush()
    os._exit(0)


def main() -> None:
    kind = sys.argv[1]
    until = sys.argv[sys.argv.index("--until") + 1]
    from textual.app import App

    original_display = App._display
    original_run = App.run

    def display(self, screen, renderable):
        original_display(self, screen, renderable)
        if renderable is None or self._batch_count:
            return
        render = getattr(renderable, "render_segments", None)
        if render is not None:
            render(self.console)  # what a terminal frame would cost
        if until == "first":
            report("ms")
        if until == "data" and _roster_shown(self, loaded=False):
            report("ms")
        if until == "loaded" and _roster_shown(self):
            report("ms")
        if until == "board" and _board_shown(self):
            report("ms")
        if until == "usable" and _usable(self):
            report("ms")
        if until == "client":
            _open_client_once(self)
            if type(self.screen).__name__ == "ClientScreen" and self.screen.detail is not None:
                report("ms")

    def run(self, **kwargs):
        kwargs["headless"] = True
        kwargs.setdefault("size", (120, 40))
        return original_run(self, **kwargs)

    App._display = display
    App.run = run
    if kind == "bare":
        sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
        from bare_app import BareApp

        BareApp().run()
    else:
        from handover_tui.cli import main as handover

        handover(["--db", sys.argv[2]])
    sys.exit("the app ended before the awaited frame")


def _roster_shown(app, loaded: bool = True) -> bool:
    screen = app.screen
    if type(screen).__name__ != "RosterScreen" or (loaded and not screen.loaded):
        return False
    count = getattr(screen, "visible_count", None)
    if count is None:
        count = screen.table.row_count
    return count > 0


def _usable(app) -> bool:
    """A new, empty database: the roster in front, its (empty) rows read through the
    open database, saying how to add the first client."""
    screen = app.screen
    return (
        type(screen).__name__ == "RosterScreen"
        and screen.loaded
        and screen.query_one("#roster-empty").display
    )


def _board_shown(app) -> bool:
    screen = app.screen
    return type(screen).__name__ == "DashboardScreen" and screen.board is not None


_asked = []


def _open_client_once(app) -> None:
    if not _asked and _roster_shown(app):
        _asked.append(True)
        app.call_later(app.open_client, int(os.environ["BENCH_CLIENT"]))


if __name__ == "__main__":
    main()
