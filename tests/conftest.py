"""Shared fixtures: every test runs with its cache in a temporary folder and
English output, whatever the machine's locale and environment say."""

from __future__ import annotations

import functools
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click
import pytest
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def _shared() -> Path:
    """The folder ``shared`` that holds the interview's text (``shared/seed``) and the
    quote checker: beside the checkout (as CI has it), or beside a folder that holds the
    checkout (a worktree). The quote checks run wherever it is found and skip where
    it is not (a clone on its own)."""
    for folder in ROOT.parents:
        if (folder / "shared" / "seed").is_dir():
            return folder / "shared"
    return ROOT.parent / "shared"


SHARED = _shared()
#: The interview's text, one file a page (absent on a clone without it).
SEED = SHARED / "seed"


def _bytecode_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One folder for the whole run (every xdist worker), in pytest's own temporary
    folder: the bytecode of the tzcli processes the tests start."""
    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent  # the run's folder, above each worker's
    folder = base / "pycache"
    folder.mkdir(exist_ok=True)
    return folder


@pytest.fixture(autouse=True)
def _isolated_env(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[None]:
    if os.environ.get("PYTHONDONTWRITEBYTECODE"):
        # Without bytecode, each of the suite's ~1,500 tzcli processes would compile
        # every module it imports (~40 ms a call): they keep it in pytest's temporary
        # folder instead, never beside the sources.
        monkeypatch.delenv("PYTHONDONTWRITEBYTECODE")
        monkeypatch.setenv("PYTHONPYCACHEPREFIX", str(_bytecode_folder(tmp_path_factory)))
    cache = tmp_path_factory.mktemp("cache")
    monkeypatch.setenv("TZCLI_CACHE_DIR", str(cache))
    for var in (
        "TZCLI_DATA",
        "TZCLI_LANG",
        "TZCLI_FORMAT",
        "TZCLI_NO_CACHE",
        "LC_ALL",
        "LC_MESSAGES",
        "LANGUAGE",
    ):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    yield


@pytest.fixture(scope="session")
def _warm_cache_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A cache folder filled once, by one call, for each test process."""
    folder = tmp_path_factory.mktemp("warm-cache")
    env = {**subprocess_env(), "TZCLI_CACHE_DIR": str(folder)}
    subprocess.run(
        [*tzcli_command(), "stats", "-f", "tsv"], env=env, capture_output=True, check=True
    )
    return folder


@pytest.fixture
def warm_cache(
    _isolated_env: None, _warm_cache_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """The bundled data's cache already filled, shared by the tests that ask for it: those
    that run tzcli hundreds of times and test nothing of the cache (pipes, encodings,
    terminals), which would each pay a first call's parse and write (~50 ms a test)."""
    monkeypatch.setenv("TZCLI_CACHE_DIR", str(_warm_cache_folder))
    return _warm_cache_folder


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def tzcli_command() -> list[str]:
    """How to start the installed tzcli in a subprocess."""
    exe = Path(sys.executable).with_name("tzcli")
    if exe.exists():
        return [str(exe)]
    return [sys.executable, "-m", "tzcli"]


def subprocess_env(**extra: str) -> dict[str, str]:
    env = {
        k: v for k, v in os.environ.items() if not k.startswith("TZCLI_") or k == "TZCLI_CACHE_DIR"
    }
    env.update({"LANG": "C.UTF-8", "PYTHONIOENCODING": "utf-8"})
    env.update(extra)
    return env


def commands() -> dict[str, click.Command]:
    """Every subcommand of tzcli, built (the group builds them lazily)."""
    from tzcli.cli import cli

    ctx = click.Context(cli)
    found = {name: cli.get_command(ctx, name) for name in cli.list_commands(ctx)}
    return {name: cmd for name, cmd in found.items() if cmd is not None}


#: An example for the arguments of each command that takes one (a listing test of a
#: new command with an argument fails until it has its example here).
EXAMPLE_ARGS: dict[str, list[str]] = {
    "show": ["runxin_chp"],
    "villages": ["kongshuzhuang"],
    "search": ["低保"],
    "compare": ["profile.population_rural"],
}


def listing_calls() -> dict[str, list[str]]:
    """Every listing command (every command whose --format offers a table), as calls that
    print rows: the bare command when it needs no argument, and the command with its
    example arguments when it takes any (named ``NAME-arg``). Derived from the CLI."""
    calls: dict[str, list[str]] = {}
    for name, cmd in commands().items():
        fmt = next((p for p in cmd.params if p.name == "fmt"), None)
        if fmt is None or "table" not in getattr(fmt.type, "choices", ()):
            continue
        arguments = [p for p in cmd.params if isinstance(p, click.Argument)]
        if not any(a.required for a in arguments):
            calls[name] = [name]
        if arguments:
            calls[f"{name}-arg"] = [name, *EXAMPLE_ARGS[name]]
    return calls


def output_formats() -> list[str]:
    """Every format a listing can be written in, from the one list of them."""
    from tzcli.render import OutputFormat

    return [fmt.value for fmt in OutputFormat]


def handle(record_id: str, data: str | None = None) -> str:
    """What a table on a terminal prints for ``record_id`` (``tzcli.handles``)."""
    if data is None:
        return _bundled_handles().short(record_id)
    from tzcli.dataset import load
    from tzcli.handles import for_dataset

    return for_dataset(load(data)).short(record_id)


@functools.cache
def _bundled_handles() -> Any:
    """The bundled dataset's handles, made once a session (that data does not change;
    a test's own files are read each time)."""
    from tzcli.dataset import load
    from tzcli.handles import for_dataset

    return for_dataset(load(None))
