"""Who is using the app: the person named in the settings, with the operating system's
login as the fallback. Pure: the caller reads the settings and the passwd entry."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Identity:
    """The user as ``config.toml`` describes them, and the login they work under.

    ``name`` (and optionally ``email``, ``phone``, ``title``) is the person who prepares
    a plan, writes a note or signs; ``me`` names their record among the people (a name or
    an e-mail) so "my clients" means something. ``login`` is the OS user, ``full_name``
    the passwd entry's full name (GECOS), both read by the caller.
    """

    name: str = ""
    email: str = ""
    phone: str = ""
    title: str = ""
    me: str = ""
    login: str = ""
    full_name: str = ""

    @property
    def display_name(self) -> str:
        """The configured name, else the passwd full name, else the login."""
        return self.name.strip() or self.full_name.strip() or self.login.strip()

    @property
    def configured(self) -> bool:
        """Whether the user set a name (the first start asks until they do or skip)."""
        return bool(self.name.strip())

    @property
    def signature(self) -> str:
        """``Maya Okafor, Account director (maya@example.com, +1 212 555 0199)`` for
        "Prepared by": the name, its title and how to reach them, as far as known."""
        name = self.display_name
        if not name:
            return ""
        title = self.title.strip()
        line = f"{name}, {title}" if title else name
        reach = [part.strip() for part in (self.email, self.phone) if part.strip()]
        return f"{line} ({', '.join(reach)})" if reach else line


def gecos_name(gecos: str, login: str) -> str:
    """The full name in a passwd GECOS field (``Maya Okafor,Room 4,...``): its first
    part, with ``&`` standing for the capitalised login as BSD writes it; empty when the
    field holds nothing but the login again."""
    first = gecos.split(",", 1)[0].strip()
    if "&" in first:
        first = first.replace("&", login[:1].upper() + login[1:])
    return "" if first == login else first
