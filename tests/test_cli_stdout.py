"""`-o -` writes an export to standard output, as Unix tools read it, never to a file
named "-"."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from tests.test_cli import HANDOVER


def run_in(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The command run in ``folder``, where a file named "-" would land."""
    return subprocess.run(
        [str(HANDOVER), *args],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=folder,
        stdin=subprocess.DEVNULL,
        env=dict(os.environ),
    )


@pytest.mark.parametrize(
    ("what", "starts"),
    [
        (["json"], "{"),
        (["csv"], '"name","owner"'),
        (["vcf", "juniper"], "BEGIN:VCARD"),
        (["ics"], "BEGIN:VCALENDAR"),
        (["plan", "juniper"], "#"),
    ],
)
def test_dash_output_is_standard_output(tmp_path, what, starts):
    result = run_in(tmp_path, "--demo", "export", *what, "-o", "-")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(starts)
    assert not (tmp_path / "-").exists()
    assert "Wrote" not in result.stderr
    if what == ["json"]:
        assert json.loads(result.stdout)["format"] == "handover"


def test_a_file_named_dash_is_still_reachable(tmp_path):
    result = run_in(tmp_path, "--demo", "export", "csv", "-o", "./-")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "-").read_text().startswith('"name","owner"')
