"""Where data and settings live, and the user's settings with their defaults.

Kept free of heavy imports: the CLI reads it before deciding whether to start the UI.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

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
}
START_SCREENS = ("dashboard", "roster")


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
    signals: dict[str, int] = field(default_factory=dict)
    """Signal thresholds given in ``[signals]``; see :meth:`thresholds` for the defaults."""
    problems: list[str] = field(default_factory=list)
    """Messages about settings that could not be read; shown once at start-up."""

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
        settings = cls()
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

        def problem(section: str, key: str, message: str) -> None:
            line = _line_of(text, section, key)
            where = f"{path}, line {line}" if line else str(path)
            name = f"{section}.{key}" if section else key
            settings.problems.append(f"{where}: '{name}' {message}")

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
        return settings


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
