"""Files handover writes for the user (exports), as private as the database they come from.

An export holds the same client data as the database, so it gets the database's mode:
0600, or 0660 in a team's group-shared folder (see ``db.preflight.file_mode``), whatever
the umask. The command line and the app write through the same function here.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from handover_tui.db.preflight import file_mode


@contextmanager
def replacing(path: Path) -> Iterator[Path]:
    """A new file beside ``path`` to write into, renamed over ``path`` when the block
    ends, removed when it raises: never a half-written file at ``path``, and an old one
    stays whole until then. The file has its final mode before a byte is written (opening
    it for writing keeps it). It keeps ``path``'s suffix, which may choose the format.

    A device or a pipe (``-o /dev/stdout``) is written as it is, and a symbolic link is
    followed, as a plain write would."""
    if path.exists() and not path.is_file():
        yield path
        return
    if path.is_symlink():
        path = path.resolve()
    descriptor, name = tempfile.mkstemp(
        dir=path.parent, prefix=f".{path.stem}.", suffix=f".partial{path.suffix}"
    )
    partial = Path(name)
    try:
        try:
            os.fchmod(descriptor, file_mode(path.parent))
        finally:
            os.close(descriptor)
        yield partial
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)


def write_text(path: Path, text: str) -> None:
    """Write ``text`` (UTF-8) to ``path`` all at once, with the database's mode."""
    with replacing(path) as partial, partial.open("w", encoding="utf-8") as stream:
        stream.write(text)
        stream.flush()
        if partial != path:
            os.fsync(stream.fileno())
