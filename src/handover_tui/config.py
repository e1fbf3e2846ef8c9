"""Where data and settings live, and the user's settings with their defaults.

Kept free of heavy imports: the CLI reads it before deciding whether to start the UI.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from handover_tui.domain.identity import Identity

APP_NAME = "handover"
DB_ENV = "HANDOVER_DB"


def data_dir() -> Path:
    """The per-user data directory (platformdirs), which holds the default database."""
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False)


def config_dir() -> Path:
    """The per-user configuration directory, which holds ``config.toml``."""
    from platformdirs import user_config_path

    return user_config_path(APP_NAME, appauthor=False)


def default_database_path() -> Path:
    """The embedded default database: one SQLite file in the user data directory."""
    return data_dir() / "handover.db"


def resolve_database_url(option: str | None) -> str:
    """Turn ``--db``, else ``HANDOVER_DB``, else the default path, into a SQLAlchemy URL.

    A value containing ``://`` is taken as a URL as it is; anything else is a file path.
    """
    value = option or os.environ.get(DB_ENV) or str(default_database_path())
    if "://" in value:
        return value
    return "sqlite:///" + str(Path(value).expanduser().absolute())


# The ``[signals]`` table: key, then the smallest value that makes sense.
SIGNAL_KEYS: dict[str, int] = {
    "rotation_years": 1,
    "quiet_days": 1,
    "satisfaction_drop": 1,
    "credential_days": 0,
    "timing_margin_days": 0,
    "overdue_days": 1,
    "engagement_period_days": 7,
    "engagement_drop_percent": 1,
    "engagement_min_contacts": 1,
    "outgrowing_growth_percent": 1,
    "min_contacts": 1,
}
START_SCREENS = ("dashboard", "roster")
# Who the user is (see ``domain.identity``): top-level text keys, each may be left out.
ASK_NAME_ENV = "HANDOVER_ASK_NAME"
"""Set to 0 to never ask for the user's name at start-up (``serve``'s tabs, tests)."""
IDENTITY_KEYS = ("name", "email", "phone", "title", "me")


@dataclass
class Settings:
    """The user's settings, read from ``config.toml``; every field has a safe default."""

    theme: str = "textual-dark"
    """Textual theme name; the one chosen in the app is written back here."""
    phone_region: str = "US"
    """Region (ISO 3166 code) assumed for phone numbers typed without a leading ``+``."""
    currency: str = "USD"
    """Currency proposed for a new client's annual value."""
    start_screen: str = "dashboard"
    """The first screen once there are clients: ``dashboard`` or ``roster``."""
    name: str = ""
    """Your name, for "Prepared by", a note's author and the audit trail (beside the OS
    user). Unset: the passwd entry's full name, else the login."""
    email: str = ""
    """Your e-mail address, printed with your name under "Prepared by"."""
    phone: str = ""
    """Your phone number, printed with your name under "Prepared by"."""
    title: str = ""
    """Your job title, printed after your name under "Prepared by"."""
    me: str = ""
    """Which person in the database you are (their name or e-mail): "my clients"."""
    ask_name: bool = True
    """Whether the app asks for your name when it starts on a terminal with none set;
    skipping the question sets it to false."""
    timezone: str = ""
    """Your time zone (``Europe/Berlin``) for the calendar export; unset: the system's."""
    calendar: dict[str, object] = field(default_factory=dict)
    """The ``[calendar]`` table: alarm and meeting times; see :meth:`calendar_options`."""
    signals: dict[str, int] = field(default_factory=dict)
    """Signal thresholds given in ``[signals]``; see :meth:`thresholds` for the defaults."""
    keys: dict[str, str] = field(default_factory=dict)
    """The ``[keys]`` table: binding id (``roster.new``) to keys (``"a"``, ``"ctrl+n,a"``)."""
    problems: list[str] = field(default_factory=list)
    """Messages about settings that could not be read; shown once at start-up."""
    path: Path | None = None
    """The file read, where a theme chosen in the app is written; None writes nowhere."""
    text: str = field(default="", repr=False)
    """The file as read, to name the line of a later-found problem (:meth:`problem_at`)."""

    def problem_at(self, section: str, key: str, message: str) -> str:
        """A message naming the file, the line and the key: "config.toml, line 3: 'k' …"."""
        line = _line_of(self.text, section, key) if self.text else None
        where = f"{self.path}, line {line}" if line else str(self.path or "config.toml")
        name = f"{section}.{key}" if section else key
        return f"{where}: '{name}' {message}"

    def remember_theme(self, theme: str) -> None:
        """Write ``theme = "…"`` into the config file, keeping the rest of it as it is.

        Raises OSError if the file cannot be written; the caller says so.
        """
        self.theme = theme
        self.remember(theme=theme)

    def remember(self, **values: str | bool) -> None:
        """Write top-level ``key = value`` lines into the config file, keeping the rest of
        it as it is. Raises OSError if the file cannot be written; the caller says so."""
        if self.path is None:
            return
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            text = ""
        for key, value in values.items():
            written = str(value).lower() if isinstance(value, bool) else f'"{_escape(value)}"'
            text = with_top_level(text, key, written)
        self.text = text
        self.path.parent.mkdir(parents=True, exist_ok=True)
        partial = self.path.with_name(self.path.name + ".partial")
        partial.write_text(self.text, encoding="utf-8")
        partial.replace(self.path)

    def identity(self) -> Identity:  # imported late: the start-up path
        """The user as these settings describe them (name, e-mail, phone, title, me)."""
        from handover_tui.domain.identity import Identity

        return Identity(
            name=self.name, email=self.email, phone=self.phone, title=self.title, me=self.me
        )

    def calendar_options(self):  # -> domain.reminders.CalendarOptions (imported late)
        """The calendar export's times: the defaults, overridden by ``timezone`` and
        ``[calendar]`` (a value refused at load keeps its default)."""
        from handover_tui.domain.reminders import CalendarOptions

        return CalendarOptions.read(self.timezone, self.calendar)

    def thresholds(self):  # -> domain.signals.Thresholds (imported late: start-up path)
        """The signal thresholds: the defaults, overridden by ``[signals]``."""
        from handover_tui.domain.signals import Thresholds

        return Thresholds(**self.signals)

    @classmethod
    def load(cls, path: Path | None = None) -> Settings:
        """Read settings, keeping defaults for anything missing or malformed.

        A problem names the file, the line and the key, and never stops the app.
        """
        path = path or config_dir() / "config.toml"
        settings = cls(path=path)
        try:
            text = path.read_text(encoding="utf-8")
            raw = tomllib.loads(text)
        except FileNotFoundError:
            return settings
        except tomllib.TOMLDecodeError as error:
            settings.problems.append(
                f"{path}: {error}. Using the default settings until it is fixed."
            )
            return settings
        except (OSError, UnicodeDecodeError) as error:
            settings.problems.append(f"Could not read {path}: {error}")
            return settings

        settings.text = text

        def problem(section: str, key: str, message: str) -> None:
            settings.problems.append(settings.problem_at(section, key, message))

        for name in IDENTITY_KEYS:
            value = raw.get(name)
            if value is None:
                continue
            if not isinstance(value, str):
                problem("", name, "must be a text value in quotes; ignored.")
            elif not value.isprintable() or len(value) > 200:
                problem("", name, "must be one line of at most 200 characters; ignored.")
            else:
                setattr(settings, name, value.strip())
        asked = raw.get("ask_name")
        if asked is not None and not isinstance(asked, bool):
            problem("", "ask_name", "must be true or false; ignored.")
        elif asked is not None:
            settings.ask_name = asked
        for name in ("theme", "phone_region", "currency", "start_screen"):
            value = raw.get(name)
            if value is None:
                continue
            if not (isinstance(value, str) and value.strip()):
                problem("", name, "must be a text value; ignored.")
            elif name == "start_screen" and value.strip() not in START_SCREENS:
                problem("", name, f"must be one of {', '.join(START_SCREENS)}; ignored.")
            else:
                setattr(settings, name, value.strip())
        zone = raw.get("timezone")
        if zone is not None and not (isinstance(zone, str) and zone.strip()):
            problem("", "timezone", "must be a time zone name in quotes; ignored.")
        elif zone is not None:
            settings.timezone = zone.strip()
        calendar = raw.get("calendar", {})
        if not isinstance(calendar, dict):
            problem("", "calendar", "must be a table ([calendar]); using the defaults.")
        elif calendar or settings.timezone:
            settings.calendar = dict(calendar)
            options = settings.calendar_options()
            for key, message in options.problems:
                problem("" if key == "timezone" else "calendar", key, message)
                if key == "timezone":
                    settings.timezone = ""
                else:
                    settings.calendar.pop(key, None)
        table = raw.get("signals", {})
        if not isinstance(table, dict):
            problem("", "signals", "must be a table ([signals]); using the defaults.")
            table = {}
        for key, value in table.items():
            if key not in SIGNAL_KEYS:
                known = ", ".join(SIGNAL_KEYS)
                problem("signals", key, f"is not a known threshold ({known}); ignored.")
            elif isinstance(value, bool) or not isinstance(value, int):
                problem("signals", key, "must be a whole number; using the default.")
            elif value < SIGNAL_KEYS[key]:
                problem("signals", key, f"must be at least {SIGNAL_KEYS[key]}; using the default.")
            else:
                settings.signals[key] = value
        keys = raw.get("keys", {})
        if not isinstance(keys, dict):
            problem("", "keys", "must be a table ([keys]); using the default keys.")
            keys = {}
        for binding_id, value in _flatten(keys).items():
            if not isinstance(value, str) or not value.strip():
                problem(
                    "keys",
                    binding_id,
                    'must be keys in quotes, e.g. "ctrl+n" or "a,ctrl+n"; using the default.',
                )
            else:
                settings.keys[binding_id] = value.strip()
        return settings


def with_top_level(text: str, key: str, value: str) -> str:
    """``text`` with the top-level ``key = value`` set: its line replaced where it is, else
    a new first line; tables, comments and everything else are left as they were."""
    lines = text.splitlines(keepends=True)
    for index, line in enumerate(lines):
        stripped = line.strip()
        if stripped.startswith("["):
            break  # past the top level
        name = stripped.split("=", 1)[0].strip().strip("\"'")
        if "=" in stripped and name == key:
            ending = "\n" if line.endswith("\n") else ""
            lines[index] = f"{key} = {value}{ending}"
            return "".join(lines)
    return f"{key} = {value}\n" + text


def _flatten(table: dict, prefix: str = "") -> dict:
    """``roster.new = "a"`` unquoted is a dotted key (a nested table): back to "roster.new"."""
    flat: dict = {}
    for key, value in table.items():
        if isinstance(value, dict):
            flat.update(_flatten(value, f"{prefix}{key}."))
        else:
            flat[f"{prefix}{key}"] = value
    return flat


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"')


def _line_of(text: str, section: str, key: str) -> int | None:
    """The line number of ``key`` in ``[section]`` (top level when empty), for messages."""
    current = ""
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if stripped.startswith("[") and not stripped.startswith("[["):
            current = stripped.strip("[]").strip()
            continue
        name = stripped.split("=", 1)[0].strip().strip("\"'")
        if "=" in stripped and name == key and current == section:
            return number
    return None
