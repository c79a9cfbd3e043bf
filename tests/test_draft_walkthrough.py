"""The README's walk-through of ``tzcli draft`` (its blocks marked
``<!-- draft-walkthrough: NAME -->``) runs as written: the text is
drafted, validate lists what is unreviewed, and the draft, as written, is
queried beside the bundled interview. Outputs must be what the document shows."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from conftest import DATA, ROOT
from test_readme import examples, normalise, run_example

DOC = ROOT / "README.md"


def _block(text: str, name: str) -> str:
    """The fenced block right after ``<!-- draft-walkthrough: NAME -->``."""
    found = re.search(
        rf"<!-- draft-walkthrough: {name} -->\n(?:<!-- exit \d+ -->\n)?```\w+\n(.*?)```", text, re.S
    )
    assert found, name
    return found.group(0)


def _run(block: str, cwd: Path) -> None:
    for example in examples(block):
        code, output = run_example(example.command, cwd)
        assert code == example.exit_code, output
        assert normalise(output) == normalise(example.expected), example.command


def test_walkthrough_runs_as_written(tmp_path: Path) -> None:
    """The text is drafted, validate lists what is unreviewed (exit 0), and the draft,
    as written, is queried beside the bundled interview."""
    text = DOC.read_text(encoding="utf-8")
    (tmp_path / "data").mkdir()
    shutil.copy(DATA / "tianzhong.toml", tmp_path / "data")
    _run(_block(text, "draft"), tmp_path)
    _run(_block(text, "todo"), tmp_path)
    draft = (tmp_path / "new.toml").read_text(encoding="utf-8")
    assert '"TODO"' not in draft and "reviewed = false" in draft
    _run(_block(text, "filled"), tmp_path)
    assert (tmp_path / "data" / "new.toml").exists()


def test_the_draft_document_runs_as_written(tmp_path: Path) -> None:
    """docs/draft-walkthrough.md's examples, in a folder holding the made-up work
    report as report.txt and the bundled data: each prints what the page shows."""
    from conftest import FIXTURES

    (tmp_path / "data").mkdir()
    shutil.copy(DATA / "tianzhong.toml", tmp_path / "data")
    shutil.copy(FIXTURES / "draft" / "hexi-report.txt", tmp_path / "report.txt")
    found = examples((ROOT / "docs" / "draft-walkthrough.md").read_text(encoding="utf-8"))
    assert len(found) >= 5
    for example in found:
        code, output = run_example(example.command, tmp_path)
        assert code == example.exit_code, output
        assert normalise(output) == normalise(example.expected), example.command
