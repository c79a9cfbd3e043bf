"""Every example in the README is run, and its output must be what the README shows.

A ```console block holds ``$ command`` lines, each followed by its output.
A listing command without ``--format`` is run with ``--format table`` and drawn as
on a terminal of ``WIDTH`` (100) columns, without colour: the README shows what a
person at a terminal sees. A block preceded by ``<!-- exit N -->``
must exit with N. Commands with a pipe run in bash with the installed tzcli.

To refresh the outputs after a change to the data: ``python tests/test_readme.py --update``.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

# In-process calls read the bundled data from a cache filled once a run (this module
# tests nothing of the cache): not a parse of it in every test.
pytestmark = pytest.mark.usefixtures("warm_cache")

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from conftest import ROOT, commands, subprocess_env, tzcli_command  # noqa: E402

README = ROOT / "README.md"
#: The width of the terminal the README's tables are drawn for.
WIDTH = 100
BLOCK = re.compile(r"(?:<!-- exit (\d+) -->\n)?```console\n(.*?)```", re.S)


class Example:
    def __init__(
        self, command: str, expected: str, exit_code: int, start: int, end: int, block: int = 0
    ) -> None:
        self.block = block
        self.command = command
        self.expected = expected
        self.exit_code = exit_code
        self.start = start  # offsets of the expected output in the README
        self.end = end


def examples(text: str) -> list[Example]:
    found = []
    for number, block in enumerate(BLOCK.finditer(text)):
        exit_code = int(block.group(1) or 0)
        body_start = block.start(2)
        body = block.group(2)
        lines = body.splitlines(keepends=True)
        offset = body_start
        current: tuple[str, int] | None = None
        out_start = 0
        for line in lines:
            if line.startswith("$ "):
                if current is not None:
                    found.append(
                        Example(
                            current[0], text[out_start:offset], exit_code, out_start, offset, number
                        )
                    )
                current = (line[2:].rstrip("\n"), offset)
                out_start = offset + len(line)
            offset += len(line)
        if current is not None:
            found.append(
                Example(current[0], text[out_start:offset], exit_code, out_start, offset, number)
            )
    return found


def _listing_commands() -> set:

    return {
        name for name, cmd in commands().items() if any(p.name == "no_header" for p in cmd.params)
    }


def _with_table(words: list[str]) -> list[str]:
    commands = _listing_commands()
    sub = next((w for w in words if w in commands), None)
    if sub is None or any(
        w in ("-f", "--format", "--chart") or w.startswith("--format=") for w in words
    ):
        return words
    return words + ["--format", "table"]


def normalise(text: str) -> str:
    """Trailing spaces and blank lines at either end do not count."""
    lines = [line.rstrip() for line in text.splitlines()]
    while lines and not lines[0]:
        lines.pop(0)
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines)


#: The SGR sequences (bold, dim, colour) a table on a terminal is drawn with.
STYLE = re.compile(r"\x1b\[[0-9;]*m")


def run_example(command: str, cwd: Path) -> tuple[int, str]:
    env = subprocess_env(TZCLI_CACHE_DIR=str(cwd / ".cache"), COLUMNS="200")
    if "|" in command or ">" in command or not command.startswith("tzcli "):
        bindir = str(Path(tzcli_command()[0]).parent) if len(tzcli_command()) == 1 else ""
        env["PATH"] = bindir + os.pathsep + env.get("PATH", "")
        done = subprocess.run(
            ["bash", "-c", command], capture_output=True, text=True, cwd=cwd, env=env
        )
        return done.returncode, done.stdout + done.stderr
    words = shlex.split(command)
    assert words[0] == "tzcli", command
    from click.testing import CliRunner

    from tzcli import terminal
    from tzcli.cli import cli

    runner = CliRunner()
    old = os.getcwd()
    os.chdir(cwd)
    real = terminal.is_terminal
    # stdout is a terminal WIDTH columns wide: tables and charts are fitted and print
    # handles, as the README shows them; no pager (TZCLI_PAGER=cat)
    terminal.is_terminal = lambda stream: stream is sys.stdout or real(stream)
    try:
        result = runner.invoke(
            cli,
            _with_table(words[1:]),
            env={"COLUMNS": str(WIDTH), "TZCLI_PAGER": "cat"},
            prog_name="tzcli",
        )
    finally:
        terminal.is_terminal = real
        os.chdir(old)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    # a terminal's bold and dim are not text (the README shows the text)
    return result.exit_code, STYLE.sub("", result.stdout) + result.stderr


#: The blocks of the draft walk-through build on one another (a draft, then its TODOs,
#: then the filled file): tests/test_draft_walkthrough.py runs them in order, together.
WALKTHROUGH = re.compile(
    r"<!-- draft-walkthrough: \w+ -->\n(?:<!-- exit \d+ -->\n)?```\w+\n.*?```", re.S
)


#: The corpus tour's folder: the made-up texts of tests/fixtures/corpus/texts as
#: ``texts/``, and the bundled interview's file in ``corpus/``, as the tour says.
CORPUS_TEXTS = HERE / "fixtures" / "corpus" / "texts"


def _is_tour(block: list[Example]) -> bool:
    return any(" corpus" in e.command for e in block)


def prepare(cwd: Path, block: list[Example]) -> None:
    """A block of the corpus tour starts where the tour is: a folder that holds what
    the tour says, and the commands of the tour's blocks before it run."""
    import shutil

    from conftest import DATA

    if not _is_tour(block) or (cwd / "texts").exists():
        return
    shutil.copytree(CORPUS_TEXTS, cwd / "texts")
    (cwd / "corpus").mkdir()
    shutil.copy(DATA / "tianzhong.toml", cwd / "corpus" / "tianzhong.toml")
    everything = examples(README.read_text(encoding="utf-8"))
    for number in sorted({e.block for e in everything if e.block < block[0].block}):
        earlier = [e for e in everything if e.block == number]
        if _is_tour(earlier):
            for example in earlier:
                run_example(example.command, cwd)


def _readme_examples() -> list[Example]:
    text = README.read_text(encoding="utf-8")
    spans = [m.span() for m in WALKTHROUGH.finditer(text)]
    return [e for e in examples(text) if not any(a <= e.start < b for a, b in spans)]


EXAMPLES = _readme_examples()
BLOCKS = sorted({e.block for e in EXAMPLES})


def test_readme_has_examples_of_every_command() -> None:

    shown = " ".join(e.command for e in examples(README.read_text(encoding="utf-8")))
    for name in commands():
        assert re.search(rf"tzcli (?:--\S+ \S+ )*{name}\b", shown), f"no README example of {name}"


@pytest.mark.parametrize(
    "block",
    BLOCKS,
    ids=[next(e.command for e in EXAMPLES if e.block == b)[:60] for b in BLOCKS],
)
def test_readme_example(block: int, tmp_path: Path) -> None:
    """The commands of one block run in order, in one fresh directory."""
    prepare(tmp_path, [e for e in EXAMPLES if e.block == block])
    for example in (e for e in EXAMPLES if e.block == block):
        code, output = run_example(example.command, tmp_path)
        assert code == example.exit_code, output
        assert normalise(output) == normalise(example.expected), example.command


def test_readme_set_up_commands() -> None:
    text = README.read_text(encoding="utf-8")
    for marker in ("<!-- install-command -->", "<!-- test-command -->"):
        block = text.split(marker, 1)[1].split("```", 2)[1]
        assert block.startswith("sh\npython3 -m venv .venv && ")
    ci = ROOT / ".ci" / "run"
    if not ci.exists():
        pytest.skip(".ci/run is in the git checkout, not in the sdist")
    assert "<!-- test-command -->" in ci.read_text(encoding="utf-8")


def test_readme_minimal_dataset_validates(tmp_path: Path) -> None:
    from tzcli.dataset import load

    text = README.read_text(encoding="utf-8")
    block = text.split("<!-- minimal-dataset -->\n```toml\n", 1)[1].split("```", 1)[0]
    path = tmp_path / "minimal.toml"
    path.write_text(block, encoding="utf-8")
    ds = load(path, use_cache=False)
    assert [f.id for f in ds.figures] == ["profile.villages"]


def update() -> None:
    """Rewrite every example's output in README.md with what it prints now."""
    for var in [v for v in os.environ if v.startswith("TZCLI_") or v.startswith("LC_")]:
        del os.environ[var]
    os.environ["LANG"] = "C.UTF-8"
    text = README.read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["TZCLI_CACHE_DIR"] = str(Path(tmp) / ".cache")
        pieces = []
        last = 0
        for example in _readme_examples():  # the walk-through's outputs: its own test
            block = [e for e in _readme_examples() if e.block == example.block]
            workdir = Path(tmp) / ("tour" if _is_tour(block) else f"block{example.block}")
            if not workdir.exists():
                workdir.mkdir()
                prepare(workdir, block)
            _, output = run_example(example.command, workdir)
            pieces.append(text[last : example.start])
            pieces.append(normalise(output) + "\n" if output.strip() else "")
            last = example.end
        pieces.append(text[last:])
    README.write_text("".join(pieces), encoding="utf-8")


if __name__ == "__main__":
    if sys.argv[1:] == ["--update"]:
        update()
    else:
        print(__doc__)


def test_readme_column_table_matches_the_listings() -> None:
    """The documented columns of each listing are its real columns, in order."""
    from tzcli import query
    from tzcli.dataset import load

    ds = load(None)
    text = README.read_text(encoding="utf-8")
    listings = {
        "`facts`": query.facts(ds),
        "`indicators`": query.indicators(ds),
        "`projects`": query.projects(ds),
        "`poverty`": query.poverty(ds),
        "`plans`": query.plans(ds),
        "`measures`": query.measures(ds),
        "`villages`": query.villages(ds),
        "`villages NAME`": query.village_detail(ds, "孔书庄"),
        "`topics`": query.topics(ds),
        "`compare ID…`": query.compare(ds, ["poverty.people_lifted"]),
        "`concepts`": query.concepts(ds),
        "`sources`": query.sources(ds),
    }
    for name, listing in listings.items():
        line = next(row for row in text.splitlines() if row.startswith(f"| {name} |"))
        documented = [c.split(" ")[0] for c in line.split("|")[2].strip().split(", ")]
        assert documented == [c.name for c in listing.columns], name


def test_readme_python_examples_run_and_print_what_they_say() -> None:
    import contextlib
    import io

    text = README.read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", text, re.S)
    assert blocks
    for code in blocks:
        expected = [
            line.split("# ", 1)[1].strip()
            for line in code.splitlines()
            if line.startswith("print(") and "# " in line
        ]
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            exec(compile(code, "README.md", "exec"), {})
        assert out.getvalue().splitlines() == expected
