"""``handover serve``: the same app in a browser tab, through textual-serve.

textual-serve is a small web server: each browser tab that connects starts one
``handover`` process of its own and relays the terminal between the two. It has no login
of its own, so handover adds one: every run makes a random key and prints it in the URL.
The page that URL opens trades the key for a cookie (HttpOnly, SameSite=Strict), and the
websocket that drives the app and the download route refuse a request without that cookie,
or sent by a page from another origin (another site, or another port on this machine).
Whoever has the URL gets the app with the database, so the server listens on 127.0.0.1
unless told otherwise, and says so loudly when told otherwise.
"""

from __future__ import annotations

import hmac
import ipaddress
import logging
import os
import secrets
import shlex
import socket
import sys
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from handover_tui.cli import CommandFailed
from handover_tui.config import ASK_NAME_ENV, DB_ENV

if TYPE_CHECKING:
    from aiohttp import web
    from textual_serve.server import Server

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
NOT_INSTALLED = (
    "handover serve needs textual-serve: install the serve extra "
    "(pip install -e '.[serve]' in handover's folder) or pip install textual-serve."
)
KEY_PARAMETER = "key"
NO_KEY = "This handover server opens only from the address it printed, key included.\n"
FOREIGN_PAGE = "Refused: this request comes from a page that this server did not send.\n"


def served_command(*, demo: bool, read_only: bool) -> str:
    """The shell command each browser tab runs: this installation's ``handover``.

    textual-serve starts it through the shell, so every part is quoted; the Python that
    runs this server runs the app too, whatever ``handover`` is first on the PATH. The
    database is not on it: any user can read a command line (``ps``), and a server URL
    may hold a password. The tabs find it in ``HANDOVER_DB``, which ``serve`` sets.
    """
    parts = [sys.executable, "-m", "handover_tui"]
    if demo:
        parts.append("--demo")
    if read_only:
        parts.append("--read-only")
    return shlex.join(parts)


def is_loopback(host: str) -> bool:
    """Whether only this machine can connect to ``host``."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:  # a host name: it may resolve to anything
        return False


def exposure_warning(host: str, port: int) -> str:
    """The warning printed when the server listens beyond this machine."""
    return (
        f"handover: warning: listening on {host}:{port}, not 127.0.0.1. Only the key in "
        "the URL below keeps others out: anyone who sees that URL and can reach this port "
        "gets the app with the whole database, and can change it; and plain HTTP carries "
        "the key unencrypted. Prefer the default and an SSH tunnel "
        f"(ssh -L {port}:127.0.0.1:{port} THIS_HOST)."
    )


def same_origin(origin: str, host: str) -> bool:
    """Whether a request's ``Origin`` header names the host (and port) it was sent to."""
    try:
        parts = urlsplit(origin)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and parts.netloc.lower() == host.lower()


class Gate:
    """The run's key, and who gets through: a browser that came with it.

    Every comparison with the key takes the same time whatever the guess
    (``hmac.compare_digest``), so the key cannot be found a character at a time.
    """

    def __init__(self, key: str, port: int) -> None:
        self.key = key
        # Per port: two servers on one machine each keep their own cookie.
        self.cookie_name = f"handover-{port}"

    def is_key(self, value: str | None) -> bool:
        """Whether ``value`` is this run's key."""
        return value is not None and hmac.compare_digest(value.encode(), self.key.encode())

    def refusal(self, request: web.Request) -> str | None:
        """Why a websocket or download request is refused, or None to let it through.

        It needs the cookie, and if a page sent it (browsers send ``Origin`` with every
        websocket), the page must come from the host the request went to: SameSite keeps
        the cookie from other sites, not from another port of the same host. The host is
        the one the browser used, so a tunnel to another port (ssh -L 9000:...) works.
        """
        if not self.is_key(request.cookies.get(self.cookie_name)):
            return NO_KEY
        origin = request.headers.get("Origin")
        if origin is not None and not same_origin(origin, request.host):
            return FOREIGN_PAGE
        return None


class HideKey(logging.Filter):
    """Blanks the key out of log records; aiohttp's access log prints query strings."""

    def __init__(self, key: str) -> None:
        super().__init__()
        self.key = key

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if self.key in message:
            record.msg, record.args = message.replace(self.key, "[key]"), ()
        return True


def url_host(host: str) -> str:
    """``host`` as a URL writes it: a name in place of "any address", IPv6 in brackets."""
    try:
        address = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return host
    if address.is_unspecified:
        return socket.gethostname()
    return f"[{address}]" if address.version == 6 else str(address)


def make_server(
    command: str, *, host: str, port: int, where: str, key: str | None = None
) -> Server:
    """textual-serve's server for ``command``, behind a key (a fresh one unless given)."""
    import aiohttp_jinja2
    import jinja2
    from aiohttp import web
    from textual_serve.server import Server, to_int

    class HandoverServer(Server):
        """textual-serve behind the run's key, with handover's own start-up lines.

        The handlers are textual-serve's, each behind a check; the page is rendered
        here, with the websocket's URL built from the Host the browser used, not from
        the address the server listens on (0.0.0.0 means nothing to a browser).
        """

        def __init__(self) -> None:
            public_url = f"http://{url_host(host)}:{port}"
            super().__init__(command, host=host, port=port, title="handover", public_url=public_url)
            self.gate = Gate(key or secrets.token_urlsafe(32), port)
            self.url_with_key = f"{public_url}/?{KEY_PARAMETER}={self.gate.key}"

        def make_app(self) -> web.Application:
            """The web application: textual-serve's routes, each behind its check."""
            app = web.Application()
            aiohttp_jinja2.setup(app, loader=jinja2.FileSystemLoader(self.templates_path))
            app.add_routes(
                [
                    web.get("/", self.handle_index, name="index"),
                    web.get("/ws", self.handle_websocket, name="websocket"),
                    web.get("/download/{key}", self.handle_download, name="download"),
                    web.static("/static", self.statics_path, name="static"),
                ]
            )
            app.on_startup.append(self.on_startup)
            app.on_shutdown.append(self.on_shutdown)
            logging.getLogger("aiohttp.access").addFilter(HideKey(self.gate.key))
            return app

        def serve(self, debug: bool = False) -> None:
            """Serve until ctrl+c or SIGTERM (aiohttp's own handlers end it cleanly)."""
            self.debug = debug
            self.initialize_logging()
            web.run_app(self.make_app(), host=self.host, port=self.port, print=None)

        async def on_startup(self, app: web.Application) -> None:
            print(f"Serving handover on {self.url_with_key} ({where}).", flush=True)
            print("Open it in a browser; ctrl+c stops the server.", flush=True)

        async def handle_index(self, request: web.Request) -> web.StreamResponse:
            """The page, for a browser with the cookie; the key in the URL sets it."""
            given = request.query.get(KEY_PARAMETER)
            if given is not None:
                if not self.gate.is_key(given):
                    raise web.HTTPForbidden(text=NO_KEY)
                # The cookie goes with a redirect to the same page without the key, so
                # the key leaves the address bar and the history.
                query = [(k, v) for k, v in request.query.items() if k != KEY_PARAMETER]
                moved = web.HTTPSeeOther(request.rel_url.with_query(query))
                moved.set_cookie(
                    self.gate.cookie_name,
                    self.gate.key,
                    path="/",
                    httponly=True,
                    samesite="Strict",
                )
                raise moved
            if not self.gate.is_key(request.cookies.get(self.gate.cookie_name)):
                raise web.HTTPForbidden(text=NO_KEY)
            router = request.app.router
            scheme = "wss" if request.secure else "ws"
            static = str(router["static"].url_for(filename="/")).rstrip("/") + "/"
            context = {
                "font_size": to_int(request.query.get("fontsize", "16"), 16),
                "app_websocket_url": f"{scheme}://{request.host}{router['websocket'].url_for()}",
                "config": {"static": {"url": static}},
                "application": {"name": self.title},
            }
            return aiohttp_jinja2.render_template("app_index.html", request, context)

        async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
            refusal = self.gate.refusal(request)
            if refusal:
                raise web.HTTPForbidden(text=refusal)
            return await super().handle_websocket(request)

        async def handle_download(self, request: web.Request) -> web.StreamResponse:
            refusal = self.gate.refusal(request)
            if refusal:
                raise web.HTTPForbidden(text=refusal)
            return await super().handle_download(request)

    return HandoverServer()


def serve(
    url: str,
    *,
    db: str | None = None,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    demo: bool = False,
    read_only: bool = False,
) -> int:
    """Serve the app on ``host:port`` until ctrl+c; the database is checked first.

    Every tab opens ``url``, the database resolved from ``db`` (the ``--db`` given).
    """
    try:
        import textual_serve.server  # noqa: F401 (make_server uses it)
    except ImportError:
        raise CommandFailed(NOT_INSTALLED) from None
    if not 0 < port < 65536:
        raise CommandFailed(f"Port {port} is not between 1 and 65535.")
    where = "a throwaway demo database per browser tab" if demo else _check_database(url)
    _check_address(host, port)
    if not is_loopback(host):
        print(exposure_warning(host, port), file=sys.stderr)
    # textual-serve starts each tab's process with this process's environment; the
    # database travels there rather than on a command line that any user can read.
    os.environ[DB_ENV] = url
    os.environ[ASK_NAME_ENV] = "0"  # a browser tab never asks for the user's name
    server = make_server(
        served_command(demo=demo, read_only=read_only), host=host, port=port, where=where
    )
    try:
        server.serve()
    except OSError as error:  # taken since _check_address looked
        raise CommandFailed(f"Cannot listen on {host}:{port}: {error.strerror or error}.") from None
    return 0


def _check_address(host: str, port: int) -> None:
    """Fail before "Serving ..." is printed if the port is taken or the address is not
    this machine's (the server itself would only find out after its start-up lines)."""
    try:
        family, kind, proto, _name, address = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM
        )[0]
        with socket.socket(family, kind, proto) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server does
            probe.bind(address)
    except OSError as error:
        reason = (error.strerror or str(error)).lower()
        raise CommandFailed(f"Cannot listen on {host}:{port}: {reason}.") from None


def _check_database(url: str) -> str:
    """Fail now, in one sentence, on a database every tab would fail to open; say which."""
    from handover_tui.db.preflight import check_sqlite_file, printable_url, sqlite_file

    path = sqlite_file(url)
    if path is None:
        from handover_tui.db.engine import open_database

        open_database(url, migrate=False).close()
        return "database: " + printable_url(url)
    reason = check_sqlite_file(path)
    return f"database: {Path(path)}" + (", read-only" if reason else "")
