"""``handover serve``: the same app in a browser tab, through textual-serve.

textual-serve is a small web server: each browser tab that connects starts one
``handover`` process of its own and relays the terminal between the two. It has no
login, so whoever can reach the port gets the app with the database; that is why it
listens on 127.0.0.1 unless told otherwise, and says so loudly when told otherwise.
"""

from __future__ import annotations

import ipaddress
import shlex
import socket
import sys
from pathlib import Path

from handover_tui.cli import CommandFailed

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
NOT_INSTALLED = (
    "handover serve needs textual-serve: install the serve extra "
    "(pip install -e '.[serve]' in handover's folder) or pip install textual-serve."
)


def served_command(*, db: str | None, demo: bool, read_only: bool) -> str:
    """The shell command each browser tab runs: this installation's ``handover``.

    textual-serve starts it through the shell, so every part is quoted; the Python that
    runs this server runs the app too, whatever ``handover`` is first on the PATH.
    """
    parts = [sys.executable, "-m", "handover_tui"]
    if db:
        parts += ["--db", db]
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
        f"handover: warning: listening on {host}:{port}, not 127.0.0.1. There is no "
        "password: anyone who can reach this port gets the app with the whole database, "
        "and can change it. Prefer the default and an SSH tunnel "
        f"(ssh -L {port}:127.0.0.1:{port} THIS_HOST)."
    )


def serve(
    url: str,
    *,
    db: str | None,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    demo: bool = False,
    read_only: bool = False,
) -> int:
    """Serve the app on ``host:port`` until ctrl+c; the database is checked first."""
    try:
        from textual_serve.server import Server
    except ImportError:
        raise CommandFailed(NOT_INSTALLED) from None
    if not 0 < port < 65536:
        raise CommandFailed(f"Port {port} is not between 1 and 65535.")
    where = "a throwaway demo database per browser tab" if demo else _check_database(url)
    _check_address(host, port)
    if not is_loopback(host):
        print(exposure_warning(host, port), file=sys.stderr)

    class HandoverServer(Server):
        """textual-serve with handover's own start-up lines, and without its banner."""

        async def on_startup(self, app: object) -> None:
            print(f"Serving handover on {self.public_url} ({where}).", flush=True)
            print("Open it in a browser; ctrl+c stops the server.", flush=True)

    command = served_command(db=db, demo=demo, read_only=read_only)
    server = HandoverServer(command, host=host, port=port, title="handover")
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
    from handover_tui.db.preflight import check_sqlite_file, sqlite_file

    path = sqlite_file(url)
    if path is None:
        from handover_tui.db.engine import open_database

        open_database(url, migrate=False).close()
        return "database: " + _without_password(url)
    reason = check_sqlite_file(path)
    return f"database: {Path(path)}" + (", read-only" if reason else "")


def _without_password(url: str) -> str:
    """A server URL fit to print: the password, if any, masked."""
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)
