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


@dataclass
class Settings:
    """The user's settings, read from ``config.toml``; every field has a safe default."""

    theme: str = "textual-dark"
    """Textual theme name; the one chosen in the app is written back here."""
    phone_region: str = "US"
    """Region (ISO 3166 code) assumed for phone numbers typed without a leading ``+``."""
    currency: str = "USD"
    """Currency proposed for a new client's annual value."""
    problems: list[str] = field(default_factory=list)
    """Messages about settings that could not be read; shown once at start-up."""

    @classmethod
    def load(cls, path: Path | None = None) -> Settings:
        """Read settings, keeping defaults for anything missing or malformed."""
        path = path or config_dir() / "config.toml"
        settings = cls()
        try:
            raw = tomllib.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return settings
        except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
            settings.problems.append(f"Could not read {path}: {error}")
            return settings
        for name in ("theme", "phone_region", "currency"):
            value = raw.get(name)
            if value is None:
                continue
            if isinstance(value, str) and value.strip():
                setattr(settings, name, value.strip())
            else:
                settings.problems.append(f"{path}: '{name}' must be a text value; ignored.")
        return settings
