"""``handover serve`` opened in headless Chromium, driven over the DevTools protocol.

No Playwright (it downloads its own browsers): Debian's chromium and aiohttp, which
textual-serve brings. Locally the test is skipped without them; under CI it fails, since
CI must run it.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from importlib.util import find_spec
from pathlib import Path
from typing import Any

import pytest

HANDOVER = Path(sys.executable).parent / "handover"
DEADLINE = 90.0  # seconds for each wait; a busy 2-core machine starts Chromium slowly

# textual.js keeps its xterm.js Terminal in a closure and draws it on a canvas, so neither
# the DOM nor a global holds the text. Before the page's scripts run, a setter on
# Object.prototype catches the one assignment `this.terminal = new Terminal(...)` and keeps
# the terminal where the test can read its buffer.
CATCH_TERMINAL = """
window.__handoverTerminals = [];
Object.defineProperty(Object.prototype, "terminal", {
  configurable: true,
  set(value) {
    Object.defineProperty(this, "terminal", {
      value, writable: true, enumerable: true, configurable: true,
    });
    if (value && value.buffer) window.__handoverTerminals.push(value);
  },
});
"""
READ_SCREEN = """
(() => {
  const term = (window.__handoverTerminals || []).at(-1);
  if (!term) return null;
  const buffer = term.buffer.active;
  const lines = [];
  for (let row = 0; row < term.rows; row++) {
    const line = buffer.getLine(buffer.viewportY + row);
    lines.push(line ? line.translateToString(true) : "");
  }
  return lines.join("\\n");
})()
"""
FOCUS = "window.__handoverTerminals.at(-1).focus()"


def _require(found: object, reason: str) -> None:
    """Skip without ``found`` on a developer's machine; fail under CI, which must run this."""
    if found:
        return
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI must run the browser test; .ci/run installs it)")
    pytest.skip(reason)


def _require_textual_serve() -> None:
    _require(find_spec("textual_serve"), "textual-serve is not installed (the dev extra has it)")


def _chromium() -> str:
    binary = shutil.which("chromium") or shutil.which("chromium-browser")
    _require(binary, "chromium is not installed (apt-get install chromium)")
    assert binary is not None
    return binary


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _stop(process: subprocess.Popen) -> None:
    """End a process group this test started: TERM, then KILL if it lingers."""
    if process.poll() is None:
        try:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=15)
        except ProcessLookupError:
            pass
    # Children that outlived the leader (the app under the server, Chromium's helpers).
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)


def _output(path: Path) -> str:
    return path.read_text(errors="replace") if path.exists() else "(nothing)"


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """``handover serve --demo`` on a free port: the URL it printed, key included, and
    its output file."""
    _require_textual_serve()
    port = _free_port()
    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        server = subprocess.Popen(
            [str(HANDOVER), "serve", "--port", str(port), "--demo"],
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + DEADLINE
        while not (printed := re.search(r"Serving handover on (\S+) ", _output(log))):
            if server.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"handover serve did not start:\n{_output(log)}")
            time.sleep(0.2)
        assert printed[1].startswith(f"http://127.0.0.1:{port}/?key="), printed[1]
        yield printed[1], log
    finally:
        _stop(server)


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[int]:
    """Headless Chromium with its DevTools port; it resolves no host name (the page asks
    for a web font), so it reaches nothing beyond 127.0.0.1."""
    binary = _chromium()
    profile = tmp_path / "chromium-profile"
    log = tmp_path / "chromium.log"
    with log.open("wb") as out:
        chromium = subprocess.Popen(
            [
                binary,
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--remote-debugging-port=0",
                f"--user-data-dir={profile}",
                "--no-first-run",
                "--no-default-browser-check",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-extensions",
                "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
                "--window-size=1280,800",
                "about:blank",
            ],
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        # Chromium writes the port it chose (with --remote-debugging-port=0) to this file.
        active = profile / "DevToolsActivePort"
        deadline = time.monotonic() + DEADLINE
        while not (active.exists() and active.read_text().strip()):
            if chromium.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"chromium did not start:\n{_output(log)}")
            time.sleep(0.2)
        yield int(active.read_text().split()[0])
    finally:
        _stop(chromium)


class DevTools:
    """The DevTools protocol on one page: commands by id, events ignored."""

    def __init__(self, websocket: Any) -> None:
        self.websocket = websocket
        self.ids = itertools.count(1)

    async def send(self, method: str, **params: Any) -> dict[str, Any]:
        number = next(self.ids)
        await self.websocket.send_str(
            json.dumps({"id": number, "method": method, "params": params})
        )
        while True:
            reply = json.loads(await self.websocket.receive_str(timeout=DEADLINE))
            if reply.get("id") == number:
                if "error" in reply:
                    raise AssertionError(f"{method}: {reply['error']}")
                return reply["result"]

    async def screen(self) -> str:
        result = await self.send("Runtime.evaluate", expression=READ_SCREEN, returnByValue=True)
        return result["result"].get("value") or ""

    async def wait_for(self, *texts: str, timeout: float = DEADLINE) -> str:
        deadline = time.monotonic() + timeout
        shown = ""
        while time.monotonic() < deadline:
            shown = await self.screen()
            if all(text in shown for text in texts):
                return shown
            await asyncio.sleep(0.25)
        raise AssertionError(f"{texts!r} never appeared; the page's terminal shows:\n{shown}")

    async def press(self, key: str) -> None:
        """A key typed on the keyboard: through xterm.js, the websocket and the app."""
        code = f"Key{key.upper()}" if key.isalpha() else key
        common = {"key": key, "code": code, "windowsVirtualKeyCode": ord(key.upper())}
        await self.send("Input.dispatchKeyEvent", type="keyDown", text=key, **common)
        await self.send("Input.dispatchKeyEvent", type="keyUp", **common)


@pytest.mark.e2e
async def test_the_roster_renders_in_a_browser_tab(browser, served):
    import aiohttp

    url, server_log = served
    key = url.partition("?key=")[2]
    async with aiohttp.ClientSession() as http:
        async with http.get(f"http://127.0.0.1:{browser}/json/list") as response:
            pages = [target for target in await response.json() if target["type"] == "page"]
        async with http.ws_connect(pages[0]["webSocketDebuggerUrl"], max_msg_size=0) as ws:
            page = DevTools(ws)
            await page.send("Page.enable")  # else the script below is not run
            await page.send("Page.addScriptToEvaluateOnNewDocument", source=CATCH_TERMINAL)
            await page.send("Page.navigate", url=url)
            try:
                # With clients, the app opens on the dashboard; `r` shows the roster.
                await page.wait_for("Needs attention")
                await page.send("Runtime.evaluate", expression=FOCUS)
                for attempt in range(3):
                    await page.press("r")
                    try:
                        shown = await page.wait_for("28 clients", timeout=DEADLINE / 3)
                        break
                    except AssertionError:
                        if attempt == 2:
                            raise
            except AssertionError as failure:
                raise AssertionError(
                    f"{failure}\nhandover serve said:\n{_output(server_log)}"
                ) from None
    assert "Acme Logistics" in shown
    assert "Application failed to start" not in _output(server_log)
    # Printed once, for the user; the access log of the page's requests shows "[key]".
    assert _output(server_log).count(key) == 1, _output(server_log)


@pytest.mark.e2e
async def test_without_the_key_the_server_refuses(served):
    import aiohttp

    url, _server_log = served
    bare = url.partition("?")[0]
    async with aiohttp.ClientSession() as http:
        async with http.get(bare) as response:
            assert response.status == 403
        with pytest.raises(aiohttp.WSServerHandshakeError) as handshake:
            await http.ws_connect(bare + "ws")
        assert handshake.value.status == 403


# -- without a browser ----------------------------------------------------------------


def _handover(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(HANDOVER), *args],
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )


def _one_sentence(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 2, result
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("handover: "), result.stderr
    assert "Serving" not in result.stdout
    return lines[0]


def test_every_tab_runs_this_installation_on_the_same_database(tmp_path):
    """The served command goes through a shell, the database beside it in HANDOVER_DB
    (serve sets it): a path with spaces, quotes and $ arrives whole, and the app the
    command starts is this one."""
    from handover_tui.config import DB_ENV
    from handover_tui.serve import served_command

    database = tmp_path / "it's a $(test) db; x.db"
    command = served_command(demo=False, read_only=True)
    assert command.split()[0] == sys.executable
    where = subprocess.run(
        f"{command} where",
        shell=True,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, DB_ENV: f"sqlite:///{database}"},
    )
    assert where.returncode == 0, where.stderr
    assert f"database: sqlite:///{database}" in where.stdout
    assert "--demo" in served_command(demo=True, read_only=False)


def test_listening_beyond_this_machine_warns(monkeypatch, capsys, tmp_path):
    _require_textual_serve()
    from aiohttp import web

    from handover_tui import serve
    from handover_tui.config import DB_ENV

    started = []
    monkeypatch.setattr(web, "run_app", lambda app, **options: started.append(options))
    monkeypatch.setattr(serve, "_check_address", lambda host, port: None)
    monkeypatch.setenv(DB_ENV, "restored after the test")  # serve sets it
    url = f"sqlite:///{tmp_path / 'team.db'}"
    assert serve.serve(url, db=None, host="203.0.113.7", port=8080) == 0
    warning = capsys.readouterr().err
    assert "203.0.113.7:8080" in warning and "anyone who sees that URL" in warning
    assert (started[0]["host"], started[0]["port"]) == ("203.0.113.7", 8080)
    for host in ("127.0.0.1", "localhost", "::1"):
        assert serve.serve(url, db=None, host=host, port=8080) == 0
        assert capsys.readouterr().err == ""


def test_a_taken_port_is_one_sentence():
    _require_textual_serve()
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = _handover("serve", "--port", str(port), "--demo")
    assert f"127.0.0.1:{port}: address already in use." in _one_sentence(result)


def test_without_textual_serve_it_says_how_to_install_it():
    hide = "import sys; sys.modules['textual_serve'] = None; "
    run = "from handover_tui.cli import main; sys.exit(main(['serve', '--demo']))"
    result = subprocess.run(
        [sys.executable, "-c", hide + run], capture_output=True, text=True, timeout=60
    )
    assert "pip install -e '.[serve]'" in _one_sentence(result)
