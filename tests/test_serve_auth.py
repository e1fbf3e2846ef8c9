"""``handover serve`` lets in only a browser that came with the printed URL's key.

The server's aiohttp application runs in-process on a free 127.0.0.1 port; requests are
made as a browser would make them (cookie, Origin, Host) or as a stranger would.
"""

from __future__ import annotations

import logging
import os
from collections.abc import AsyncIterator

import pytest

pytest.importorskip("textual_serve", reason="textual-serve is not installed (the dev extra)")

import aiohttp  # textual-serve brings it
from aiohttp import test_utils, web
from textual_serve.server import Server

from handover_tui import serve
from handover_tui.config import DB_ENV

KEY = "k3y-of-this-run_0123456789abcdefghijklmnopq"
COOKIE = {"Cookie": f"handover-8000={KEY}"}
COMMAND = "handover"  # never run here: see no_app_behind_the_websocket


def _server(host: str = "127.0.0.1") -> Server:
    return serve.make_server(COMMAND, host=host, port=8000, where="a test", key=KEY)


@pytest.fixture
async def client() -> AsyncIterator[test_utils.TestClient]:
    """A client of the server, which listens on a free port while the test runs."""
    app = _server().make_app()
    async with test_utils.TestClient(test_utils.TestServer(app, host="127.0.0.1")) as client:
        yield client


def _origin(client: test_utils.TestClient) -> str:
    return f"http://{client.host}:{client.port}"


async def test_the_page_without_the_key_is_refused_in_a_sentence(client):
    for query in ({}, {"key": "a guess"}, {"key": KEY[:-1]}):
        response = await client.get("/", params=query, allow_redirects=False)
        assert response.status == 403
        assert response.content_type == "text/plain"
        assert "address it printed" in await response.text()
    stale = {"Cookie": "handover-8000=a-key-of-an-earlier-run"}
    assert (await client.get("/", headers=stale)).status == 403


async def test_the_key_sets_a_strict_cookie_and_leaves_the_address_bar(client):
    response = await client.get("/", params={"key": KEY, "fontsize": "20"}, allow_redirects=False)
    assert response.status == 303
    assert response.headers["Location"] == "/?fontsize=20"
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith(f"handover-8000={KEY};")
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Path=/" in cookie

    page = await client.get("/?fontsize=20", headers=COOKIE)
    assert page.status == 200
    text = await page.text()
    assert f'data-session-websocket-url="ws://127.0.0.1:{client.port}/ws"' in text
    assert 'data-font-size="20"' in text
    assert KEY not in text


async def test_the_page_names_the_host_the_browser_used_not_the_bound_address():
    """Bound to every address, or reached through ``ssh -L 9000:127.0.0.1:8000``, the
    page's websocket goes where the page came from."""
    app = _server(host="0.0.0.0").make_app()
    async with test_utils.TestClient(test_utils.TestServer(app, host="127.0.0.1")) as client:
        response = await client.get("/", headers={**COOKIE, "Host": "localhost:9000"})
        text = await response.text()
    assert response.status == 200
    assert 'data-session-websocket-url="ws://localhost:9000/ws"' in text
    assert "0.0.0.0" not in text


async def test_the_websocket_needs_the_cookie_and_a_page_of_this_server(client):
    refused = [
        {},  # no cookie
        {"Origin": _origin(client)},  # still no cookie
        {**COOKIE, "Origin": "http://evil.example"},
        {**COOKIE, "Origin": f"http://127.0.0.1:{client.port + 1}"},  # same site, other port
        {**COOKIE, "Origin": "null"},
    ]
    for headers in refused:
        with pytest.raises(aiohttp.WSServerHandshakeError) as handshake:
            await client.ws_connect("/ws", headers=headers)
        assert handshake.value.status == 403, headers

    websocket = await client.ws_connect("/ws", headers={**COOKIE, "Origin": _origin(client)})
    assert await websocket.receive_str(timeout=10) == "textual-serve took it"
    await websocket.close()


@pytest.fixture(autouse=True)
def no_app_behind_the_websocket(monkeypatch):
    """textual-serve's websocket handler, minus the tab's process: the gate is under test
    here (the browser test runs the app), and textual-serve never waits for that process,
    which would outlive the test's event loop."""

    async def accept(self, request):
        websocket = web.WebSocketResponse()
        await websocket.prepare(request)
        await websocket.send_str("textual-serve took it")
        await websocket.close()
        return websocket

    monkeypatch.setattr(Server, "handle_websocket", accept)


async def test_a_download_needs_the_cookie_and_a_page_of_this_server(client):
    assert (await client.get("/download/some-delivery")).status == 403
    foreign = {**COOKIE, "Origin": "http://evil.example"}
    assert (await client.get("/download/some-delivery", headers=foreign)).status == 403
    # Let through: textual-serve itself answers that no such download is under way.
    assert (await client.get("/download/some-delivery", headers=COOKIE)).status == 404


async def test_static_files_need_no_key(client):
    response = await client.get("/static/js/textual.js")
    assert response.status == 200


async def test_the_key_never_reaches_the_access_log(client, caplog):
    caplog.set_level(logging.INFO, logger="aiohttp.access")
    referred = {"Referer": f"http://127.0.0.1:8000/?key={KEY}"}
    await client.get("/", params={"key": KEY}, headers=referred, allow_redirects=False)
    await client.get("/", params={"key": "a guess"})
    lines = [record.getMessage() for record in caplog.records if record.name == "aiohttp.access"]
    assert any("GET /?key=[key]" in line for line in lines), lines
    assert not any(KEY in line for line in lines), lines


def test_the_printed_url_carries_a_fresh_key_per_run():
    first = serve.make_server(COMMAND, host="127.0.0.1", port=8000, where="a test")
    second = serve.make_server(COMMAND, host="::", port=8000, where="a test")
    assert first.url_with_key.startswith("http://127.0.0.1:8000/?key=")
    assert first.gate.key != second.gate.key and len(first.gate.key) >= 32
    assert "[::]" not in second.url_with_key and "0.0.0.0" not in second.url_with_key


def test_a_password_in_the_database_url_stays_off_the_command_line(monkeypatch):
    """Any user can read a process's command line (ps); the tabs find the database in
    the environment textual-serve passes on to them."""
    url = "postgresql://handover:s3cret-pw@db.example/handover"
    monkeypatch.setattr(serve, "_check_database", lambda url: "database: the team's")
    monkeypatch.setattr(serve, "_check_address", lambda host, port: None)
    monkeypatch.setenv(DB_ENV, "restored after the test")
    made = []
    make_server = serve.make_server

    def make_without_serving(*args, **kwargs):
        server = make_server(*args, **kwargs)
        server.serve = lambda: None
        made.append(server)
        return server

    monkeypatch.setattr(serve, "make_server", make_without_serving)
    assert serve.serve(url, db=url, read_only=True) == 0
    assert "s3cret-pw" not in made[0].command and "postgresql" not in made[0].command
    assert made[0].command.endswith("-m handover_tui --read-only")
    assert os.environ[DB_ENV] == url
