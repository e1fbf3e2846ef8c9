"""The layering of DESIGN.md holds: the import-linter contracts in pyproject.toml, and the
light ``services`` package that lets the start-up path reach the store without SQLAlchemy."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

import handover_tui.services

ROOT = Path(__file__).resolve().parent.parent


def test_the_import_contracts_are_kept():
    lint_imports = Path(sys.executable).with_name("lint-imports")
    done = subprocess.run(
        [str(lint_imports), "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    assert "0 broken" in done.stdout


def test_the_store_imports_without_sqlalchemy():
    """The roster's quick read goes through services.store while SQLAlchemy is loading in
    another thread; importing the package and the store must not load it first."""
    probe = (
        "import sys, handover_tui.services.store, handover_tui.services.errors; "
        "print(' '.join(sorted(sys.modules)))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert not set(done.stdout.split()) & {"sqlalchemy", "sqlmodel", "textual"}


AUDITED = """
import os, sys
import sqlalchemy.orm, sqlmodel  # loaded once, before the forks: each child is then quick
for name in sys.argv[1:]:
    pid = os.fork()
    if pid == 0:
        __import__(f"handover_tui.services.{name}")
        os._exit(0 if "handover_tui.services.audit" in sys.modules else 1)
    if os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) != 0:
        print(name)
"""


def test_every_service_that_writes_records_to_the_audit_trail():
    """The package does not register the audit listener itself (that would load
    SQLAlchemy): a module that opens a unit of work must bring ``services.audit`` along."""
    folder = Path(handover_tui.services.__file__).parent
    writers = [
        info.name
        for info in pkgutil.iter_modules([str(folder)])
        if ".transaction(" in (folder / f"{info.name}.py").read_text(encoding="utf-8")
    ]
    assert "clients" in writers and "interchange_import" in writers
    done = subprocess.run(
        [sys.executable, "-c", AUDITED, *writers], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == []
