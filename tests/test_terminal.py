"""Terminal safety: text from a data file is shown, never run.

A dataset whose names, subjects, quotes and source line hold Rich markup
(``[bold red]x[/]``, ``[link=file:///etc/passwd]y[/link]``) and control characters
(ESC sequences, BEL, backspace, carriage return, the U+202E bidi override):

- tables (in a pipe and on a pseudo-terminal) print the markup literally and the
  control characters escaped and visible (``\\x1b``), never raw;
- json escapes them and csv quotes them, and both give back the exact data;
- NO_COLOR and TERM=dumb give no colour; a table in a pipe has no escape codes
  and no cut cells; a 40-column terminal still shows every row; CJK stays aligned.
"""

from __future__ import annotations

import csv
import functools
import io
import json
import os
import re
import select
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import FIXTURES, handle, listing_calls, subprocess_env
from rich.cells import cell_len

# Many calls that test the terminal, not the cache: the cache is filled once.
pytestmark = pytest.mark.usefixtures("warm_cache")

MINIMAL = FIXTURES / "minimal.toml"

#: What a hostile data file holds, as the data means it.
HOSTILE = (
    "[bold red]x[/] [link=file:///etc/passwd]y[/link] "
    "\x1b[31mRED\x1b[0m \x1b]8;;file:///etc/passwd\x07osc\x1b]8;;\x07 "
    "bell\x07 back\x08space car\rriage \u202eevil\u202c end"
)
#: The same as a TOML basic string.
HOSTILE_TOML = (
    '"[bold red]x[/] [link=file:///etc/passwd]y[/link] '
    "\\u001b[31mRED\\u001b[0m \\u001b]8;;file:///etc/passwd\\u0007osc\\u001b]8;;\\u0007 "
    'bell\\u0007 back\\bspace car\\rriage \\u202eevil\\u202c end"'
)
MARKUP = ["[bold red]x[/]", "[link=file:///etc/passwd]y[/link]"]
RAW_CONTROLS = ["\x1b[31m", "\x1b]8;", "\x07", "\x08", "\u202e", "\u202c"]
VISIBLE_CONTROLS = [
    "\\x1b[31mRED",
    "\\x1b]8;;file:///etc/passwd\\x07",
    "\\x07",
    "\\x08",
    "\\x0d",
    "\\u202e",
]

#: Every listing (a search for what the hostile text holds), and show.
LISTINGS = [
    *(["search", "bold"] if c[0] == "search" else c for c in listing_calls().values()),
    ["show", "profile.population_rural"],
]
CHARTS = [["projects", "--chart"], ["poverty", "--chart"]]


def hostile_dataset(folder: Path) -> Path:
    """The minimal dataset with hostile text in every kind of shown field."""
    text = MINIMAL.read_text(encoding="utf-8")
    replacements = [
        ('name_en = "Profile of the subdistrict"', f"name_en = {HOSTILE_TOML}"),
        ('subject_en = "rural population"', f"subject_en = {HOSTILE_TOML}"),
        ('subject_zh = "农村人口"', f"subject_zh = {HOSTILE_TOML}"),
        ('name_en = "Runxin combined heat and power (CHP) project"', f"name_en = {HOSTILE_TOML}"),
        ('name_zh = "润鑫热电联产项目"', f"name_zh = {HOSTILE_TOML}"),
        ('company_en = "Runxin"', f"company_en = {HOSTILE_TOML}"),
        ('name_zh = "孔书庄"', f"name_zh = {HOSTILE_TOML}"),
        ('subject_zh = "两级扶贫平台贫困户"', f"subject_zh = {HOSTILE_TOML}"),
        ('pinyin = "Kongshuzhuang"', f"pinyin = {HOSTILE_TOML}"),
        ('site_en = "Dingtao District Government website"', f"site_en = {HOSTILE_TOML}"),
        ('site_zh = "定陶政府网"', f"site_zh = {HOSTILE_TOML}"),  # a citation's author
        (
            'title_en = "Continue targeted poverty alleviation and win the battle against poverty"',
            f"title_en = {HOSTILE_TOML}",
        ),
        (
            'en = "Households already lifted out of poverty keep their support policies and '
            'continue to receive appropriate support."',
            f"en = {HOSTILE_TOML}",
        ),
        (
            'subject_en = "poor households on the two-level poverty-alleviation platforms"',
            f"subject_en = {HOSTILE_TOML}",
        ),
    ]
    for old, new in replacements:
        assert text.count(old) >= 1, old
        text = text.replace(old, new)
    path = folder / "hostile.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Read by the tests here, written by none: made once a module (so is its cache entry)."""
    return hostile_dataset(tmp_path_factory.mktemp("hostile"))


#: tzcli with the loader's refusal of control characters turned off (it is tested in
#: tests/test_bad_data.py): the hostile data here stands for text that reaches the
#: output another way (the Python API, a file name, a message), and checks the output's
#: own defences.
LENIENT = """
import re, sys
from tzcli import check
check._CONTROL = re.compile("(?!)")
from tzcli.__main__ import run
sys.argv[0] = "tzcli"
run()
"""


def lenient_command() -> list[str]:
    return [sys.executable, "-c", LENIENT]


#: Many calls in one process, lenient as ``LENIENT`` (the process entry's set-up once,
#: then ``tzcli.cli.main`` a call), each ended by a line ``END`` with its exit status,
#: on stdout (and on stderr too when a second argument says they are apart): one
#: process for a matrix of calls, not one a call.
SESSION = """
import json, re, sys
from tzcli import check
check._CONTROL = re.compile("(?!)")
from tzcli import process
process.prepare()
from tzcli.cli import main
for args in json.loads(sys.argv[1]):
    try:
        main(args)
        code = 0
    except SystemExit as exc:
        code = exc.code
    for stream in (sys.stdout, sys.stderr)[: len(sys.argv) - 1]:
        stream.flush()
        stream.write(f"\\n{END} {code}\\n")
        stream.flush()
""".replace("{END}", "@@tzcli-call-ended@@")
END = "@@tzcli-call-ended@@"


def split_session(text: str, count: int) -> list[tuple[int, str]]:
    """What each call of a session wrote, with its exit status."""
    parts = text.replace("\r\n", "\n").split("\n" + END + " ")
    assert len(parts) == count + 1, text[-2000:]
    found = []
    for n in range(count):
        written = parts[n] if n == 0 else parts[n].split("\n", 1)[1]
        found.append((int(parts[n + 1].split("\n", 1)[0]), written))
    return found


def run_session(
    calls: list[list[str]], columns: int | None = None, **env: str
) -> list[tuple[int, str, str]]:
    """Each call's (exit status, stdout, stderr), all from one process: stdout and stderr
    pipes, or with ``columns`` one pty of that width (stderr then in stdout, and "")."""
    command = [sys.executable, "-c", SESSION]
    if columns is not None:
        code, out = run_pty([json.dumps(calls)], columns=columns, command=command, **env)
        assert code == 0, out[-2000:]
        return [(status, text, "") for status, text in split_session(out, len(calls))]
    proc = subprocess.run(
        [*command, json.dumps(calls), "apart"],
        capture_output=True,
        env=subprocess_env(**env),
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr.decode()[-2000:]
    outs = split_session(proc.stdout.decode("utf-8"), len(calls))
    errs = split_session(proc.stderr.decode("utf-8"), len(calls))
    return [(code, out, err) for (code, out), (_, err) in zip(outs, errs, strict=True)]


@functools.cache
def json_rows(*args: str) -> list[dict[str, Any]]:
    """The rows of a listing of the bundled data, as json (in this process, once)."""
    from click.testing import CliRunner

    from tzcli.cli import cli

    result = CliRunner().invoke(cli, [*args, "-f", "json"])
    assert result.exit_code == 0, result.output
    rows: list[dict[str, Any]] = json.loads(result.stdout)
    return rows


@functools.cache
def _topics_without_columns() -> str:
    """``tzcli topics`` on an 80-column terminal with COLUMNS unset."""
    return run_pty(["topics"], columns=80, columns_env="")[1]


def run(args: list[str], **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*lenient_command(), *args], capture_output=True, env=subprocess_env(**env), timeout=120
    )


def run_pty(
    args: list[str],
    columns: int = 80,
    columns_env: str | None = None,
    command: list[str] | None = None,
    **env: str,
) -> tuple[int, str]:
    """tzcli (or ``command``) on a pseudo-terminal of ``columns`` columns: (exit code, all
    it wrote). ``COLUMNS`` says the same, unless ``columns_env`` gives it (or "" for unset)."""
    pty = pytest.importorskip("pty")
    import fcntl
    import struct
    import termios

    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, columns, 0, 0))
    env.setdefault("TZCLI_PAGER", "cat")  # a real pager would wait for a key
    environment = subprocess_env(COLUMNS=str(columns), LINES="24", **env)
    if columns_env is not None:
        environment["COLUMNS"] = columns_env
        if not columns_env:
            del environment["COLUMNS"]
    for inherited in ("FORCE_COLOR", "NO_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE"):
        if inherited not in env:
            environment.pop(inherited, None)
    proc = subprocess.Popen(
        [*(command or lenient_command()), *args],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=environment,
    )
    os.close(slave)
    chunks = []
    while True:
        ready, _, _ = select.select([master], [], [], 60)
        if not ready:
            proc.kill()
            break
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    code = proc.wait(timeout=60)
    os.close(master)
    return code, b"".join(chunks).decode("utf-8")


def no_traceback(proc: subprocess.CompletedProcess) -> None:
    assert b"Traceback" not in proc.stderr, proc.stderr.decode()
    assert proc.returncode == 0, proc.stderr.decode()


ANSI = re.compile(r"\x1b\[[0-9;]*m")


def colour_codes(text: str) -> list[str]:
    """The SGR sequences that set a colour (not bold, dim or reset)."""
    found = []
    for seq in ANSI.findall(text):
        params = [p for p in seq[2:-1].split(";") if p]
        for p in params:
            n = int(p)
            if 30 <= n <= 37 or 40 <= n <= 47 or 90 <= n <= 97 or 100 <= n <= 107 or n in (38, 48):
                found.append(seq)
                break
    return found


# --------------------------------------------------------------------------
# Tables: markup literal, controls visible


def assert_safe_table(out: str, *, on_terminal: bool = False, cut: bool = False) -> None:
    """No raw control reaches the output, markup is literal, controls are visible (all of
    them unless the text may be ``cut`` to the terminal's width: a chart's labels)."""
    for raw in RAW_CONTROLS:
        assert raw not in out, f"raw {raw!r} reached the output"
    if on_terminal:
        # a pty turns \n into \r\n; any other CR came from the data
        assert "\r" not in out.replace("\r\n", "\n")
        # Rich's own styles are the only escapes: SGR sequences, nothing else
        assert "\x1b" not in ANSI.sub("", out)
    else:
        assert "\r" not in out
        assert "\x1b" not in out
    for literal in MARKUP[:1] if cut else MARKUP:
        assert literal in out, f"{literal!r} is not shown literally"
    for shown in () if cut else VISIBLE_CONTROLS:
        assert shown in out, f"{shown!r} is not shown"


@pytest.fixture(scope="module")
def hostile_in_a_pipe(hostile: Path) -> dict[tuple[str, str], tuple[int, str, str]]:
    """Every table and chart of the hostile data in each language, into a pipe: one
    process (``run_session``)."""
    keys = [(" ".join(args), lang) for args in LISTINGS + CHARTS for lang in ("en", "zh")]
    calls = []
    for args in LISTINGS + CHARTS:
        extra = [] if "--chart" in args else ["-f", "table"]
        for lang in ("en", "zh"):
            calls.append(["--data", str(hostile), "--lang", lang, *args, *extra])
    return dict(zip(keys, run_session(calls), strict=True))


@pytest.mark.parametrize("args", LISTINGS + CHARTS, ids=lambda a: " ".join(a))
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_table_in_a_pipe_shows_data_literally(
    hostile_in_a_pipe: dict[tuple[str, str], tuple[int, str, str]], args: list[str], lang: str
) -> None:
    code, out, err = hostile_in_a_pipe[(" ".join(args), lang)]
    assert "Traceback" not in err and code == 0, err
    assert_safe_table(out)


@pytest.fixture(scope="module")
def hostile_on_a_terminal(hostile: Path) -> dict[str, tuple[int, str, str]]:
    """Every table and chart of the hostile data on a 200-column terminal: one pty, one
    process (``run_session``)."""
    calls = [["--data", str(hostile), *args] for args in LISTINGS + CHARTS]
    found = run_session(calls, columns=200, TERM="xterm-256color", TZCLI_PAGER="cat")
    return {" ".join(args): result for args, result in zip(LISTINGS + CHARTS, found, strict=True)}


@pytest.mark.parametrize("args", LISTINGS + CHARTS, ids=lambda a: " ".join(a))
def test_table_on_a_terminal_shows_data_literally(
    hostile_on_a_terminal: dict[str, tuple[int, str, str]], args: list[str]
) -> None:
    code, out, _ = hostile_on_a_terminal[" ".join(args)]
    assert code == 0, out
    assert "Traceback" not in out
    assert_safe_table(out, on_terminal=True, cut="--chart" in args)


def test_hostile_file_names_are_escaped(tmp_path: Path) -> None:
    """A data folder may hold a file whose name is an escape sequence."""
    folder = tmp_path / "folder"
    folder.mkdir()
    evil = folder / "\x1b[2J\x1b]0;title\x07\u202e.toml"
    evil.write_bytes(MINIMAL.read_bytes())
    ok = run(["validate", str(folder)])
    assert ok.returncode == 0, ok.stderr.decode()
    bad = folder / "\x1b[31mbad.toml"
    bad.write_text("schema_version = = 1\n", encoding="utf-8")
    failed = run(["--data", str(folder), "topics"])
    assert failed.returncode == 1
    for proc in (ok, failed):
        text = (proc.stdout + proc.stderr).decode("utf-8")
        for raw in ("\x1b", "\x07", "\u202e"):
            assert raw not in text, text
    assert "\\x1b[31mbad.toml" in failed.stderr.decode("utf-8")


def test_hostile_text_in_error_messages_is_escaped(hostile: Path) -> None:
    """An unknown village lists the names the data holds: escaped, on one line."""
    proc = run(["--data", str(hostile), "villages", "nowhere"])
    assert proc.returncode == 2
    err = proc.stderr.decode("utf-8")
    assert "Traceback" not in err
    for raw in RAW_CONTROLS + ["\r"]:
        assert raw not in err
    assert "[bold red]x[/]" in err
    assert err.strip().split("\n")[-1].startswith("Error: no village")


# --------------------------------------------------------------------------
# Machine formats: the data, exactly; escaped in json, quoted in csv


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_json_escapes_controls_and_keeps_the_data(hostile: Path, fmt: str) -> None:
    proc = run(["--data", str(hostile), "facts", "-f", fmt])
    no_traceback(proc)
    text = proc.stdout.decode("utf-8")
    for raw in RAW_CONTROLS + ["\r"]:
        assert raw not in text, f"raw {raw!r} in {fmt}"
    assert "\\u001b[31mRED" in text and "\\u202e" in text
    rows = json.loads(text) if fmt == "json" else [json.loads(line) for line in text.splitlines()]
    by_id = {row["id"]: row for row in rows}
    assert by_id["profile.population_rural"]["subject_en"] == HOSTILE
    assert by_id["profile.population_rural"]["subject_zh"] == HOSTILE


def test_json_export_escapes_controls_and_keeps_the_data(hostile: Path) -> None:
    proc = run(["--data", str(hostile), "export", "-f", "json", "-o", "-"])
    no_traceback(proc)
    text = proc.stdout.decode("utf-8")
    for raw in RAW_CONTROLS + ["\r"]:
        assert raw not in text
    doc = json.loads(text)
    assert doc["projects"][0]["name_en"] == HOSTILE
    assert doc["villages"][0]["name_zh"] == HOSTILE
    assert doc["sources"][0]["site_en"] == HOSTILE


def test_csv_quotes_controls_and_keeps_the_data(hostile: Path) -> None:
    proc = run(["--data", str(hostile), "facts", "-f", "csv"])
    no_traceback(proc)
    text = proc.stdout.decode("utf-8")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    by_id = {row["id"]: row for row in rows}
    assert by_id["profile.population_rural"]["subject_en"] == HOSTILE
    # the field is quoted, so its carriage return cannot end the record
    assert '"' + HOSTILE.replace('"', '""') + '"' in text


def test_csv_export_quotes_controls(hostile: Path) -> None:
    proc = run(["--data", str(hostile), "export", "-f", "csv", "-o", "-"])
    no_traceback(proc)
    text = proc.stdout.decode("utf-8")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert any(row["subject_en"] == HOSTILE for row in rows)
    assert '"' + HOSTILE + '"' in text


def test_tsv_escapes_tabs_newlines_and_carriage_returns(hostile: Path) -> None:
    proc = run(["--data", str(hostile), "facts", "-f", "tsv"])
    no_traceback(proc)
    lines = proc.stdout.decode("utf-8").split("\n")
    assert "\r" not in proc.stdout.decode("utf-8")
    width = len(lines[0].split("\t"))
    assert all(len(line.split("\t")) == width for line in lines if line)


# --------------------------------------------------------------------------
# Colour and escape codes


@pytest.mark.parametrize("args", [["topics"], ["projects", "--chart"], ["stats"]], ids=" ".join)
def test_no_color_gives_no_colour(args: list[str]) -> None:
    code, out = run_pty(args, TERM="xterm-256color", NO_COLOR="1")
    assert code == 0, out
    assert colour_codes(out) == []
    # without NO_COLOR the chart's bars are coloured: the check above can fail
    if "--chart" in args:
        code, coloured = run_pty(args, TERM="xterm-256color")
        assert colour_codes(coloured), "expected colour without NO_COLOR"


@pytest.mark.parametrize("args", [["topics"], ["projects", "--chart"], ["stats"]], ids=" ".join)
def test_term_dumb_gives_no_escape_codes(args: list[str]) -> None:
    code, out = run_pty(args, TERM="dumb")
    assert code == 0, out
    assert "\x1b" not in out


LISTING_COMMANDS = [name for name in listing_calls() if not name.endswith("-arg")]

#: Text columns each table shows, by the row keys of its json ({lang}: en or zh).
SHOWN = {
    "stats": ["id", "subject_{lang}"],
    "projects": ["id", "name_{lang}", "status_{lang}"],
    "poverty": ["id", "subject_{lang}"],
    "facts": ["id", "subject_{lang}"],
    "indicators": ["id", "subject_{lang}"],
    "measures": ["id", "text_{lang}"],
    "topics": ["id", "name_{lang}"],
    "plans": ["plan_id", "text_{lang}"],
    "villages": ["id", "name_zh", "pinyin"],
    "concepts": ["id", "name_{lang}"],
    "sources": ["id", "place_{lang}"],
}


@pytest.fixture(scope="module")
def tables_in_a_pipe() -> dict[tuple[str, ...], tuple[int, str, str]]:
    """Every listing's table and json in each language, into a pipe, from one process."""
    calls = [
        ["--lang", lang, command, "-f", fmt]
        for command in LISTING_COMMANDS
        for lang in ("en", "zh")
        for fmt in ("table", "json")
    ]
    found = run_session(calls, TERM="xterm-256color")
    return {tuple(call): result for call, result in zip(calls, found, strict=True)}


@pytest.mark.parametrize("command", LISTING_COMMANDS)
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_table_into_a_pipe_has_no_escapes_and_no_cut_cells(
    tables_in_a_pipe: dict[tuple[str, ...], tuple[int, str, str]], command: str, lang: str
) -> None:
    code, out, err = tables_in_a_pipe[("--lang", lang, command, "-f", "table")]
    assert "Traceback" not in err and code == 0, err
    assert "\x1b" not in out
    # every value of every row is there in full (nothing cut or wrapped) …
    code, machine, err = tables_in_a_pipe[("--lang", lang, command, "-f", "json")]
    assert code == 0, err
    rows = json.loads(machine)
    assert rows
    lines = out.split("\n")
    checked = 0
    for row in rows:
        for key in SHOWN[command]:
            key = key.replace("{lang}", lang)
            value = row.get(key)
            if isinstance(value, str) and value:
                assert any(value in line for line in lines), f"{key}={value!r} is cut or missing"
                checked += 1
    assert checked >= len(rows)


def test_source_line_is_not_wrapped_in_a_pipe() -> None:
    proc = run(["topics", "-f", "table"])
    no_traceback(proc)
    out = proc.stdout.decode("utf-8")
    source = [line for line in out.split("\n") if line.startswith("Source:")]
    assert len(source) == 1
    assert source[0].rstrip().endswith(")")


# --------------------------------------------------------------------------
# Narrow terminals and wide characters


@pytest.mark.parametrize(
    ("args", "key"),
    [
        (["topics"], "id"),
        (["villages"], "id"),
        (["facts", "--topic", "profile"], "id"),
        (["projects"], "id"),
        (["plans"], "plan_id"),
    ],
    ids=lambda v: " ".join(v) if isinstance(v, list) else v,
)
def test_a_40_column_terminal_shows_every_row(args: list[str], key: str) -> None:
    """Too narrow for the table: the columns that fit, or records; every id whole."""
    code, out = run_pty(args, columns=40, TERM="xterm-256color")
    assert code == 0, out
    assert "Traceback" not in out
    plain = ANSI.sub("", out).replace("\r\n", "\n")
    lines = plain.split("\n")
    assert all(cell_len(line) <= 40 for line in lines), "a line is wider than 40"
    rows = json_rows(*args)
    words = {word for line in lines for word in line.split()}
    missing = [row[key] for row in rows if row.get(key) and handle(row[key]) not in words]
    assert not missing, missing


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("columns", [40, 60])
def test_charts_on_a_narrow_terminal_keep_labels_and_values(columns: int, lang: str) -> None:
    """The bars give way, and the labels (cut with …); every value whole."""
    projects = json_rows("projects")
    invested = [p for p in projects if p["investment"] is not None]
    code, out = run_pty(
        ["--lang", lang, "projects", "--chart"], columns=columns, TERM="xterm-256color"
    )
    assert code == 0, out
    plain = ANSI.sub("", out).replace("\r\n", "\n")
    assert all(cell_len(line) <= columns for line in plain.split("\n"))
    bars = [line for line in plain.split("\n") if "█" in line or "▏" in line]
    assert len(bars) == len(invested)
    shown = {"en": "CNY 500 million", "zh": "5亿元"}[lang]
    assert any(line.rstrip().endswith(shown) for line in bars)
    # each label starts on its bar's line, cut with … when it is longer than its column
    for project in invested:
        start = project[f"name_{lang}"].split(" ")[0][:3]
        assert sum(line[1:].startswith(start) for line in bars) >= 1, start
    if columns == 40:
        assert any("…" in line for line in bars)
    assert ("投资" in plain) == (lang == "zh")


@pytest.mark.parametrize(
    "args",
    [
        ["villages"],
        ["projects"],
        ["stats"],
        ["topics"],
        ["villages", "kongshuzhuang"],
        ["show", "runxin_chp"],
    ],
    ids=" ".join,
)
def test_cjk_tables_are_aligned(args: list[str]) -> None:
    proc = run(["--lang", "zh", *args, "-f", "table"])
    no_traceback(proc)
    out = proc.stdout.decode("utf-8")
    assert re.search(r"[\u4e00-\u9fff]", out)
    lines = out.rstrip("\n").split("\n")
    source = next(i for i, line in enumerate(lines) if line.startswith(("来源：", "* ")))
    table = [line for line in lines[:source] if line]
    widths = {cell_len(line) for line in table}
    assert len(widths) == 1, sorted(widths)


@pytest.mark.parametrize("args", [["villages"], ["stats"]], ids=" ".join)
def test_cjk_tables_are_aligned_on_a_narrow_terminal(args: list[str]) -> None:
    code, out = run_pty(["--lang", "zh", *args], columns=40, TERM="xterm-256color")
    assert code == 0, out
    lines = ANSI.sub("", out).replace("\r\n", "\n").rstrip("\n").split("\n")
    # the table ends at the footer: the hidden columns' line, or the source
    footer = next(i for i, line in enumerate(lines) if line and not line.startswith(" ") and i)
    assert lines[footer].startswith(("来源：", "未显示：", "* "))
    widths = {cell_len(line) for line in lines[:footer] if line}
    assert len(widths) == 1 and widths.pop() <= 40


def test_hostile_table_on_a_narrow_terminal(hostile: Path) -> None:
    """Folding a cell never splits an escape into something raw."""
    code, out = run_pty(["--data", str(hostile), "facts"], columns=40, TERM="xterm-256color")
    assert code == 0, out
    for raw in RAW_CONTROLS:
        assert raw not in out
    assert "\r" not in out.replace("\r\n", "\n")


# --------------------------------------------------------------------------
# Machine formats on a terminal; COLUMNS that is not a width; very narrow pages
# (issue 12, items 14 and 19)


@pytest.mark.parametrize(
    "args",
    [
        ["cite"],
        ["cite", "--style", "bibtex"],
        ["facts", "-f", "csv"],
        ["facts", "-f", "tsv"],
        ["facts", "-f", "markdown"],
        ["projects", "-f", "csv"],
        ["export", "-f", "csv", "-o", "-"],
    ],
    ids=lambda a: " ".join(a),
)
def test_machine_formats_on_a_terminal_never_send_controls_raw(
    hostile: Path, args: list[str]
) -> None:
    code, out = run_pty(["--data", str(hostile), *args], columns=200)
    assert code == 0, out
    for raw in RAW_CONTROLS:
        assert raw not in out, f"raw {raw!r} reached the terminal"
    assert "\\x1b" in out, "the escape is shown, not dropped"


def test_the_same_formats_into_a_pipe_carry_the_data_exactly(hostile: Path) -> None:
    proc = run(["--data", str(hostile), "cite", "--style", "bibtex"])
    no_traceback(proc)
    assert "\x1b]8;;file:///etc/passwd\x07" in proc.stdout.decode("utf-8")
    proc = run(["--data", str(hostile), "facts", "-f", "markdown"])
    no_traceback(proc)
    assert "\u202eevil\u202c" in proc.stdout.decode("utf-8")


@pytest.mark.parametrize("value", ["0", "-5", "abc", " ", "12x", "00"])
def test_columns_that_is_not_a_width_is_ignored(value: str) -> None:
    code, out = run_pty(["topics"], columns=80, columns_env=value)
    assert code == 0 and out == _topics_without_columns(), out
    assert "profile" in out


@pytest.mark.parametrize("columns", [20, 12, 5])
@pytest.mark.parametrize("args", [["topics"], ["villages"], ["facts", "--topic", "poverty"]])
def test_a_very_narrow_terminal_still_shows_every_record(columns: int, args: list[str]) -> None:
    code, out = run_pty(args, columns=columns, TERM="xterm-256color")
    assert code == 0, out
    plain = ANSI.sub("", out).replace("\r\n", "\n")
    assert all(cell_len(line) <= columns for line in plain.split("\n")), plain
    # Narrower than an id, the id is folded over lines (in the records layout, each
    # piece beside its field's name): all of it is there, whatever the spacing.
    joined = re.sub(r"\s+", "", plain)
    rows = json_rows(*args)
    for row in rows:
        shown = handle(row["id"])  # on a terminal, the handle show reads back
        assert shown in joined, f"{shown} is missing at {columns} columns"


# --------------------------------------------------------------------------
# One terminal helper


def test_only_tzcli_terminal_asks_the_terminal() -> None:
    """Whether a stream is a terminal, how wide or tall it is, and what COLUMNS says are
    asked in ``tzcli.terminal`` alone (the process entry may only drop a COLUMNS that is
    no width, by that module's rule): one rule, and one place for a test to swap."""
    import ast

    from conftest import ROOT

    asked: list[str] = []
    for path in sorted((ROOT / "src" / "tzcli").rglob("*.py")):
        name = path.relative_to(ROOT / "src").as_posix()
        if name == "tzcli/terminal.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            called = isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            if called and node.func.attr in ("isatty", "get_terminal_size"):  # type: ignore[union-attr]
                asked.append(f"{name}:{node.lineno} {node.func.attr}")  # type: ignore[union-attr]
            columns = isinstance(node, ast.Constant) and node.value in ("COLUMNS", "LINES")
            if columns and name != "tzcli/process.py":
                asked.append(f"{name}:{node.lineno} {node.value}")  # type: ignore[attr-defined]
    assert asked == []
