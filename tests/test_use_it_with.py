"""Every command of the "Use it with…" section runs, with the real tools.

Each ```sh block runs in a fresh folder, its commands in order, in bash with
this environment's tzcli, python3 and datasette first on PATH. A command
marked ``# serves`` is started on 127.0.0.1 on a free port, asked for a search
over HTTP, and stopped. A block whose tool (Rscript, a Python module) is not
installed is skipped, saying which.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shlex
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from conftest import ROOT, subprocess_env

# The calls read the bundled data from a cache filled once a run (this module tests
# nothing of the cache): not a parse of it in every test.
pytestmark = pytest.mark.usefixtures("warm_cache")

DOC = ROOT / "README.md"
SECTION = "## Use it with…"


def section(text: str) -> str:
    start = text.index(SECTION)
    end = text.find("\n## ", start + len(SECTION))
    return text[start : end if end != -1 else len(text)]


def blocks() -> list[list[str]]:
    found = re.findall(r"```sh\n(.*?)```", section(DOC.read_text(encoding="utf-8")), re.S)
    return [[ln for ln in b.splitlines() if ln.strip() and not ln.startswith("#")] for b in found]


BLOCKS = blocks()


def _env() -> dict[str, str]:
    env = subprocess_env()
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    return env


def missing_tool(block: list[str]) -> str | None:
    """What a block needs that this machine lacks, or None."""
    env = _env()
    for command in block:
        tool = shlex.split(command.split(" # ")[0])[0]
        if shutil.which(tool, path=env["PATH"]) is None:
            return f"{tool} is not installed"
        for module in re.findall(r"\bimport (\w+)", command):
            if importlib.util.find_spec(module) is None:
                return f"the Python module {module} is not installed"
        if tool == "Rscript":
            for package in r_packages(command):
                if not r_has(package, env):
                    return f"R's package {package} is not installed"
    return None


def r_packages(command: str) -> list[str]:
    """The R packages an Rscript command calls (``frictionless::read_package``)."""
    return sorted(set(re.findall(r"\b([A-Za-z][A-Za-z0-9.]*)::", command)))


def r_has(package: str, env: dict[str, str]) -> bool:
    check = f'quit(status = if (requireNamespace("{package}", quietly = TRUE)) 0 else 1)'
    done = subprocess.run(["Rscript", "-e", check], env=env, capture_output=True, timeout=120)
    return done.returncode == 0


def test_r_packages_are_found_in_a_command() -> None:
    command = "Rscript -e 'p <- frictionless::read_package(\"x\"); utils::head(p); base::print(p)'"
    assert r_packages(command) == ["base", "frictionless", "utils"]
    assert r_packages("Rscript -e 'print(1)'") == []


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def serve_and_search(command: str, cwd: Path) -> None:
    port = free_port()
    args = [*shlex.split(command.split(" # ")[0]), "--host", "127.0.0.1", "-p", str(port)]
    proc = subprocess.Popen(
        args, cwd=cwd, env=_env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    try:
        query = urllib.parse.urlencode({"_search": "吴庄", "_shape": "array"})
        url = f"http://127.0.0.1:{port}/tz/villages.json?{query}"
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(url, timeout=5) as response:
                    rows = json.loads(response.read().decode("utf-8"))
                break
            except OSError:
                assert proc.poll() is None, proc.stderr.read().decode() if proc.stderr else ""
                assert time.monotonic() < deadline, "datasette did not start"
                time.sleep(0.2)
        # two characters, a village's own name, in the search box of the served site
        assert [r["id"] for r in rows] == ["wuzhuang"], rows
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def written(command: str) -> list[str]:
    """The files a command says it writes: -o PATH, > PATH, to_stata('PATH')."""
    names = re.findall(r"(?:-o|>) (\S+)", command) + re.findall(r"to_\w+\('([^']+)'", command)
    return [n for n in names if n != "-"]


@pytest.mark.parametrize(
    "block", BLOCKS, ids=[next(shlex.split(c)[0] for c in b[1:] + b) for b in BLOCKS]
)
def test_each_command_runs(block: list[str], tmp_path: Path) -> None:
    lacking = missing_tool(block)
    if lacking:
        pytest.skip(lacking)
    for command in block:
        if " # serves" in command:
            serve_and_search(command, tmp_path)
            continue
        done = subprocess.run(
            ["bash", "-c", command], cwd=tmp_path, env=_env(), capture_output=True, text=True
        )
        assert done.returncode == 0, (command, done.stderr[-2000:])
        assert "Traceback" not in done.stderr, done.stderr
        for name in written(command):
            path = tmp_path / name
            assert path.exists() and (path.is_dir() or path.stat().st_size > 0), name


def test_the_section_covers_every_tool() -> None:
    text = section(DOC.read_text(encoding="utf-8"))
    for tool in (
        "Datasette",
        "pandas",
        "R",
        "Stata",
        "Excel",
        "Zotero",
        "--bom",
        "xlsx",
        "sqlite-utils",
    ):
        assert f"**{tool}**" in text or tool in text, tool
    tools = {shlex.split(c.split(" # ")[0])[0] for b in BLOCKS for c in b}
    assert tools == {"tzcli", "datasette", "python3", "Rscript"}


def test_the_stata_file_reads_back(tmp_path: Path) -> None:
    pandas = pytest.importorskip("pandas", reason="pandas is in the test extra")
    (block,) = [b for b in BLOCKS if any("to_stata" in c for c in b)]
    for command in block:
        subprocess.run(["bash", "-c", command], cwd=tmp_path, env=_env(), check=True)
    frame = pandas.read_stata(tmp_path / "figures.dta")
    csv = pandas.read_csv(tmp_path / "tz" / "figures.csv")
    assert len(frame) == len(csv) > 0
    assert list(frame["subject_zh"]) == list(csv["subject_zh"])  # Chinese intact


def test_the_section_shows_a_two_character_search_and_a_figure_cited_twice() -> None:
    """What the section promises, run (with its output compared) by tests/test_readme.py."""
    text = section(DOC.read_text(encoding="utf-8"))
    consoles = "".join(re.findall(r"```console\n(.*?)```", text, re.S))
    assert "_search=吴庄" in consoles and "\ntianzhong_2017:wuzhuang,吴庄," in consoles
    assert "$ sqlite-utils search tz.db figures 脱贫" in consoles
    apa, gbt = re.findall(r"^\$ tzcli cite poverty\.people_lifted.*\n(.*)$", consoles, re.M)
    for entry in (apa, gbt):
        assert "“完成脱贫人口770户、2041人”" in entry
    assert "(2017, February 28)" in apa and "[EB/OL]//" in gbt
