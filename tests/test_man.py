"""docs/make_man.py: the man pages click-man makes list every command (issue 15)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import ROOT, subprocess_env

from tzcli.commands import COMMANDS


def test_man_pages_list_every_command(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "docs" / "make_man.py"), str(tmp_path)],
        capture_output=True,
        text=True,
        env=subprocess_env(),
    )
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["tzcli.1", *(f"tzcli-{name}.1" for name in COMMANDS)]
    )
    main = (tmp_path / "tzcli.1").read_text(encoding="utf-8")
    for name, entry in COMMANDS.items():
        assert f"\\fB{name}\\fP\n  {entry.summary}" in main.replace("\\-", "-"), name
    projects = (tmp_path / "tzcli-projects.1").read_text(encoding="utf-8")
    assert "--min-investment" in projects.replace("\\-", "-")
    assert "One of: approvals_complete" in projects
