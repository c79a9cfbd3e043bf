"""The benchmark scripts run and report every row the speed issue asks for.

Timings are never asserted (the machines are shared and noisy): these only keep
the scripts working, at their smallest settings. Marked slow: run with ``-m slow``.
"""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import ROOT, subprocess_env

pytestmark = pytest.mark.slow

BENCHMARKS = ROOT / "benchmarks"


def run(script: str, *args: str) -> str:
    proc = subprocess.run(
        [sys.executable, str(BENCHMARKS / script), *args],
        capture_output=True,
        env=subprocess_env(),
        timeout=600,
    )
    err = proc.stderr.decode("utf-8", "replace")
    assert proc.returncode == 0, err
    assert "Traceback" not in err, err
    return proc.stdout.decode("utf-8")


def test_startup_reports_every_call_against_its_floor() -> None:
    out = run("startup.py", "--runs", "20", "--warmup", "1")
    for label in (
        "python -c pass",
        'python -c "import click, tomllib"',
        'python -c "import click, rich.console, rich.table, tomllib"',
        "tzcli stats --format tsv",
        "tzcli projects --min-investment 2e8 --format json",
        "tzcli facts --format csv",
        "tzcli stats --format table",
        "tzcli projects --format table",
        "tzcli poverty --year 2016 --format table",
    ):
        assert label in out, label
    tzcli_rows = [line for line in out.splitlines() if line.startswith("tzcli ")]
    assert len(tzcli_rows) == 6
    for line in tzcli_rows:
        assert line.rstrip().endswith(("ok", "OVER")), line
        assert line.count("x") >= 4, line  # x pass, x floor, cpu x floor, paired


def test_startup_refuses_fewer_than_twenty_runs() -> None:
    proc = subprocess.run(
        [sys.executable, str(BENCHMARKS / "startup.py"), "--runs", "5"],
        capture_output=True,
        env=subprocess_env(),
        timeout=60,
    )
    assert proc.returncode != 0


def test_scale_reports_each_size_and_the_targets() -> None:
    out = run("scale.py", "--sizes", "200,400", "--runs", "1")
    for size in ("200", "400"):
        for label in ("tomllib.load", "first call", "repeated call", "validate"):
            assert any(line.split()[:1] == [size] and label in line for line in out.splitlines()), (
                size,
                label,
            )
    assert "at 400 figures (wall): first call" in out
    assert "time per 1k figures, 400 vs 200" in out
