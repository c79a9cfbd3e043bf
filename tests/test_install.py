"""Fresh installs: the wheel carries the dataset, and an editable install
reads the checkout's data/. Both are installed into new virtual environments
and run from an unrelated directory, as a user would."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT, subprocess_env

pytestmark = pytest.mark.slow


#: Where an installed tzcli's bundled data is, asked the public way.
BUNDLED_FOLDER = (
    "import os; from tzcli.dataset import dataset_files; print(os.path.dirname(dataset_files()[0]))"
)


def _pip(*args: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "pip", "--disable-pip-version-check", *args],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]


def _requirements(name: str, seen: set[str]) -> None:
    """``name`` and what it needs (without extras), as far as installed here."""
    import re
    from importlib import metadata

    key = re.sub(r"[-_.]+", "-", name).lower()
    if key in seen:
        return
    try:
        requires = metadata.requires(name) or []
    except metadata.PackageNotFoundError:  # a dependency for another Python only
        return
    seen.add(key)
    for req in requires:
        if "extra ==" not in req:
            _requirements(re.split(r"[\s\[<>=!~;(]", req, maxsplit=1)[0], seen)


def _deps_only(where: Path) -> Path:
    """A folder of links to tzcli's dependencies (click, rich, …) and nothing else:
    the new environment gets them without this environment's site-packages, where an
    installed tzcli would shadow the one under test."""
    from importlib import metadata

    where.mkdir()
    seen: set[str] = set()
    for name in ("click", "rich", *(["tomli"] if sys.version_info < (3, 11) else [])):
        _requirements(name, seen)
    for name in seen:
        dist = metadata.distribution(name)
        tops = {Path(str(f)).parts[0] for f in dist.files or [] if not str(f).startswith("..")}
        for top in tops:
            if top.endswith((".dist-info", ".egg-info")) or top == "__pycache__":
                if top.endswith(".dist-info"):
                    (where / top).symlink_to(dist.locate_file(top))
                continue
            source = Path(str(dist.locate_file(top)))
            if source.exists() and not (where / top).exists():
                (where / top).symlink_to(source)
    return where


def _new_venv(where: Path) -> Path:
    """A new virtual environment that sees only our dependencies (click, rich), through a .pth."""
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(where)], check=True)
    python = where / "bin" / "python"
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    deps = _deps_only(where.parent / f"{where.name}-deps")
    Path(purelib, "zz_test_deps.pth").write_text(f"{deps}\n")
    return python


def _run_stats(venv_python: Path, cwd: Path) -> str:
    exe = venv_python.with_name("tzcli")
    done = subprocess.run(
        [str(exe), "stats", "--format", "csv"],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=subprocess_env(TZCLI_NO_CACHE="1"),
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_wheel_carries_the_dataset(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    _pip("wheel", "--no-deps", "-w", str(dist), str(ROOT))
    (wheel,) = dist.glob("tzcli-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "tzcli/data/tianzhong.toml" in names
    assert "tzcli/cli.py" in names
    assert "tzcli/py.typed" in names
    from test_dataset import leaks  # no machine path or internal tool in the wheel's data

    for name in names:
        if name.startswith("tzcli/data/"):
            assert leaks(zipfile.ZipFile(wheel).read(name).decode("utf-8")) == [], name
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)

    python = _new_venv(tmp_path / "venv")
    _pip("--python", str(python), "install", "--no-deps", "--ignore-installed", str(wheel))
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    out = _run_stats(python, elsewhere)
    assert "profile.population_rural" in out
    # it reads the copy inside site-packages, not this checkout
    where = subprocess.run(
        [str(python), "-c", BUNDLED_FOLDER],
        capture_output=True,
        text=True,
        cwd=elsewhere,
        check=True,
    ).stdout.strip()
    assert "site-packages" in where and Path(where, "tianzhong.toml").is_file()
    # … of the new environment: not a tzcli installed where the tests run
    assert Path(where).resolve().is_relative_to((tmp_path / "venv").resolve())


def test_editable_install_reads_the_checkout(tmp_path: Path) -> None:
    python = _new_venv(tmp_path / "venv")
    _pip("--python", str(python), "install", "--no-deps", "--ignore-installed", "-e", str(ROOT))
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    assert "profile.population_rural" in _run_stats(python, elsewhere)
    where = subprocess.run(
        [str(python), "-c", BUNDLED_FOLDER],
        capture_output=True,
        text=True,
        cwd=elsewhere,
        check=True,
    ).stdout.strip()
    assert Path(where).resolve() == (ROOT / "data").resolve()


def test_installed_entry_point_in_this_environment(tmp_path: Path) -> None:
    exe = Path(sys.executable).with_name("tzcli")
    if not exe.exists():
        pytest.skip("tzcli is not installed next to this Python")
    done = subprocess.run(
        [str(exe), "--version"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=subprocess_env(),
    )
    assert done.returncode == 0 and done.stdout.startswith("tzcli ")
    assert os.access(exe, os.X_OK)
