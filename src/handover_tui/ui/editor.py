"""Edit text in the user's own editor ($VISUAL, then $EDITOR, then vi)."""

from __future__ import annotations

import contextlib
import os
import shlex
import subprocess
import tempfile
from dataclasses import dataclass


@dataclass(frozen=True)
class Edited:
    """What came back: the new text, or None with the reason nothing changed."""

    text: str | None
    message: str


def editor_command() -> list[str]:
    command = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    return shlex.split(command)


def edit_text(text: str, suffix: str = ".md") -> Edited:
    """Run the editor on a private temporary copy of ``text`` and read it back.

    An editor that cannot start, fails, or leaves the file as it was changes nothing.
    """
    command = editor_command()
    fd, path = tempfile.mkstemp(prefix="handover-", suffix=suffix)  # created 0600
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        try:
            result = subprocess.run([*command, path], check=False)
        except OSError as error:
            return Edited(None, f"Could not start the editor {command[0]}: {error.strerror}.")
        if result.returncode != 0:
            return Edited(
                None,
                f"The editor {command[0]} exited with code {result.returncode}; "
                "the note was not changed.",
            )
        with open(path, encoding="utf-8") as handle:
            edited = handle.read()
        if edited == text:
            return Edited(None, "The editor left the note unchanged.")
        return Edited(edited, "")
    except (OSError, UnicodeDecodeError) as error:
        return Edited(None, f"Could not read the edited note back: {error}.")
    finally:
        with contextlib.suppress(OSError):
            os.unlink(path)
