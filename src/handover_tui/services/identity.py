"""The person using this process: set once from the settings by the command line (and the
app), read by every service that records who did something (a note's author, the audit
trail, "Prepared by"). Without settings it is the OS login and its passwd full name."""

from __future__ import annotations

import getpass
import os
import threading
from collections.abc import Mapping
from typing import Any

from handover_tui.config import Settings
from handover_tui.domain.identity import Identity, gecos_name

_lock = threading.Lock()
_current: Identity | None = None


def os_user() -> str:
    """The operating-system user, as on a shared server ("" when the uid has no name)."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no name for this uid (some containers)
        return ""


def passwd_full_name(login: str) -> str:
    """The passwd entry's full name for this process's uid ("" where there is none)."""
    try:
        import pwd
    except ImportError:  # not on POSIX
        return ""
    try:
        entry = pwd.getpwuid(os.getuid())
    except (KeyError, OSError):
        return ""
    return gecos_name(entry.pw_gecos or "", login or entry.pw_name)


def use(identity: Identity) -> Identity:
    """Make ``identity`` (from the settings) the user of this process; the login and
    full name are filled in from the operating system. Returns what is now current."""
    global _current
    login = identity.login or os_user()
    full = identity.full_name or passwd_full_name(login)
    resolved = Identity(
        name=identity.name.strip(),
        email=identity.email.strip(),
        phone=identity.phone.strip(),
        title=identity.title.strip(),
        me=identity.me.strip(),
        login=login,
        full_name=full,
    )
    with _lock:
        _current = resolved
    return resolved


def current() -> Identity:
    """The user of this process: as set by :func:`use`, else the OS login alone."""
    global _current
    with _lock:
        if _current is None:
            login = os_user()
            _current = Identity(login=login, full_name=passwd_full_name(login))
        return _current


def reset() -> None:
    """Forget the user set by :func:`use` (tests; a settings reload)."""
    global _current
    with _lock:
        _current = None


def display_name() -> str:
    """Who is writing, for a note's author or "Prepared by": the configured name, else
    the passwd full name, else the login."""
    return current().display_name


def actor() -> str:
    """The configured name, for the audit trail beside the OS user ("" when none)."""
    return current().name


def save_own_details(settings: Settings, values: Mapping[str, Any]) -> Identity:
    """Check the user's name and details, write them into config.toml and make them this
    process's user. Raises InvalidInput naming the field, or OSError from the file."""
    from handover_tui.domain.validation import clean_identity

    cleaned = clean_identity(values, settings.phone_region)
    settings.remember(**cleaned)
    for key, value in cleaned.items():
        setattr(settings, key, value)
    return use(settings.identity())


def skip_asking(settings: Settings) -> None:
    """Do not ask for the user's name at start-up again (``ask_name = false``)."""
    settings.ask_name = False
    settings.remember(ask_name=False)
