"""How the suite is run: the README's command leaves out the tests marked slow (the
benchmarks' smoke tests, the package built and installed), which CI runs after it."""

from __future__ import annotations

import importlib
import shlex
import sys

import pytest
from conftest import ROOT

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


def addopts() -> list[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return shlex.split(config["tool"]["pytest"]["ini_options"]["addopts"])


def test_the_default_run_leaves_out_the_slow_tests() -> None:
    options = addopts()
    assert options[options.index("-m") + 1] == "not slow"


@pytest.mark.parametrize("module", ["test_benchmarks", "test_install"])
def test_benchmarks_and_installs_are_marked_slow(module: str) -> None:
    marks = getattr(importlib.import_module(module), "pytestmark", None)
    marks = marks if isinstance(marks, list) else [marks]
    assert any(getattr(m, "name", None) == "slow" for m in marks)


def test_ci_runs_the_slow_tests_too() -> None:
    ci = ROOT / ".ci" / "run"
    if not ci.exists():
        pytest.skip(".ci/run is in the git checkout, not in the sdist")
    assert "-m slow" in ci.read_text(encoding="utf-8")


def test_ci_pins_plain_help_on_the_lowest_click_allowed() -> None:
    """PlainHelp overrides a Click method: CI runs its tests on the newest Click (the
    README's command) and on the lowest that pyproject.toml allows."""
    ci = ROOT / ".ci" / "run"
    if not ci.exists():
        pytest.skip(".ci/run is in the git checkout, not in the sdist")
    text = ci.read_text(encoding="utf-8")
    assert "tests/test_plain_help.py" in text and '"click==$click_low.*"' in text
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    (click,) = [d for d in config["project"]["dependencies"] if d.startswith("click")]
    assert click.startswith("click>=") and "," in click  # what .ci/run reads the floor from


def test_each_deep_fuzz_test_has_a_quick_twin_in_the_default_run() -> None:
    """The fuzz tests run deeply behind -m slow, and each also quickly by default."""
    fuzz = importlib.import_module("test_fuzz")
    deep = [name for name in dir(fuzz) if name.startswith("test_") and name.endswith("_deeply")]
    assert len(deep) == 3
    for name in deep:
        marks = [m.name for m in getattr(getattr(fuzz, name), "pytestmark", [])]
        twin = getattr(fuzz, name.removesuffix("_deeply"))
        assert "slow" in marks and "slow" not in [m.name for m in getattr(twin, "pytestmark", [])]
    assert fuzz.DEEP.max_examples > fuzz.FUZZ.max_examples
