"""Hostile and broken data files, through the real command line.

Every broken file gives exactly one clear line on stderr ("Error: FILE[:LINE[:COL]]:
what is wrong"), nothing on stdout, no traceback, and exit status 1. The files are
made by breaking tests/fixtures/minimal.toml one way at a time.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES, subprocess_env, tzcli_command

MINIMAL = FIXTURES / "minimal.toml"


def minimal_text() -> str:
    return MINIMAL.read_text(encoding="utf-8")


def broken(tmp_path: Path, old: str, new: str, name: str = "data.toml", count: int = 1) -> Path:
    """A copy of the minimal dataset with ``old`` replaced by ``new`` (which must be there)."""
    text = minimal_text()
    assert old in text, f"the fixture has no {old!r}"
    path = tmp_path / name
    path.write_text(text.replace(old, new, count), encoding="utf-8")
    return path


def line_of(path: Path, needle: str, nth: int = 1) -> int:
    seen = 0
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            seen += 1
            if seen == nth:
                return number
    raise AssertionError(f"{needle!r} not in {path}")


def tzcli(
    *args: str,
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
    prefix: tuple = (),
    timeout: float = 300,
) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*prefix, *tzcli_command(), *args],
        capture_output=True,
        cwd=cwd,
        env=env or subprocess_env(),
        timeout=timeout,
    )


def one_clear_line(proc: subprocess.CompletedProcess, *needles: str) -> str:
    """Exit 1, nothing on stdout, one line on stderr that names the problem."""
    err = proc.stderr.decode("utf-8", "replace")
    assert "Traceback" not in err, err
    assert proc.returncode == 1, (proc.returncode, err)
    assert proc.stdout == b"", proc.stdout[:500]
    lines = err.strip("\n").split("\n")
    assert len(lines) == 1, err
    line = lines[0]
    assert line.startswith("Error: "), line
    assert "\x1b" not in line and "\r" not in line
    for needle in needles:
        assert needle in line, f"{needle!r} not in {line!r}"
    return line


def stats(path: Path, *more: str, **kw: object) -> subprocess.CompletedProcess:
    return tzcli("--data", str(path), "stats", "-f", "json", *more, **kw)  # type: ignore[arg-type]


# --------------------------------------------------------------------------
# The fixture itself is valid: every breakage below is the only problem.


def test_the_minimal_fixture_is_valid(tmp_path: Path) -> None:
    proc = stats(MINIMAL)
    assert proc.returncode == 0, proc.stderr.decode()
    assert proc.stderr == b""
    valid = tzcli("validate", str(MINIMAL))
    assert valid.returncode == 0, valid.stderr.decode()
    assert b"OK:" in valid.stdout


# --------------------------------------------------------------------------
# One problem each


def test_invalid_toml_names_line_and_column(tmp_path: Path) -> None:
    path = broken(tmp_path, 'subject_en = "rural population"', 'subject_en = = "rural population"')
    line = line_of(path, 'subject_en = = "rural population"')
    out = one_clear_line(stats(path), "invalid TOML", f"data.toml:{line}:")
    column = int(out.split(f"data.toml:{line}:")[1].split(":")[0])
    assert column == len("subject_en = =")


def test_invalid_toml_unterminated_string_at_end(tmp_path: Path) -> None:
    path = tmp_path / "data.toml"
    path.write_text(minimal_text() + '\nextra = "never closed', encoding="utf-8")
    last = len(path.read_text(encoding="utf-8").splitlines())
    one_clear_line(stats(path), "invalid TOML", f"data.toml:{last}")


def test_wrong_type(tmp_path: Path) -> None:
    path = broken(tmp_path, "value = 34000", 'value = "34000"')
    line = line_of(path, 'id = "profile.population_rural"')
    one_clear_line(
        stats(path), f"data.toml:{line}:", "figures[0].value", "expected a number", "'34000'"
    )


def test_wrong_type_table_for_string(tmp_path: Path) -> None:
    path = broken(tmp_path, 'name_en = "Economy and public finance"', "name_en = { a = 1 }")
    one_clear_line(stats(path), "topics[1].name_en", "expected a string, got a table")


def test_missing_key(tmp_path: Path) -> None:
    path = broken(tmp_path, 'subject_en = "urban population"\n', "")
    line = line_of(path, 'id = "profile.population_urban"')
    one_clear_line(
        stats(path), f"data.toml:{line}:", "figures[1].subject_en", "missing required key"
    )


def test_unknown_key(tmp_path: Path) -> None:
    path = broken(tmp_path, 'unit = "people"\n', 'unit = "people"\ncolour = "red"\n')
    one_clear_line(stats(path), "figures[0].colour", "unknown key", "expected one of:")


def test_unknown_key_with_control_characters_is_shown_escaped(tmp_path: Path) -> None:
    path = broken(tmp_path, 'unit = "people"\n', 'unit = "people"\n"\\u001b[31mred\\u0007" = 1\n')
    line = one_clear_line(stats(path), "unknown key", "\\x1b[31mred\\x07")
    assert "\x07" not in line


def test_duplicate_id(tmp_path: Path) -> None:
    path = broken(tmp_path, 'id = "profile.population_urban"', 'id = "profile.population_rural"')
    second = line_of(path, 'id = "profile.population_rural"', nth=2)
    one_clear_line(
        stats(path),
        "duplicate id 'profile.population_rural'",
        "figures[1].id",
        f"data.toml:{second}:",
    )


def test_topic_defined_differently_across_files(tmp_path: Path) -> None:
    folder = tmp_path / "two"
    folder.mkdir()
    shutil.copy(MINIMAL, folder / "a.toml")
    other = minimal_text().replace('id = "tianzhong_2017"', 'id = "another_source"')
    other = other.replace('name_en = "Profile of the subdistrict"', 'name_en = "Basic facts"', 1)
    assert other.count("Basic facts") == 1
    (folder / "b.toml").write_text(other, encoding="utf-8")
    one_clear_line(stats(folder), "is defined differently", "a.toml")


def test_unit_outside_its_list(tmp_path: Path) -> None:
    path = broken(tmp_path, 'unit = "people"', 'unit = "furlongs"')
    one_clear_line(stats(path), "figures[0].unit", "'furlongs' is not one of:", "yuan", "people")


def test_qualifier_outside_its_list(tmp_path: Path) -> None:
    path = broken(tmp_path, 'qualifier = "exact"', 'qualifier = "roughly"')
    one_clear_line(stats(path), "figures[0].qualifier", "'roughly' is not one of:", "at_least")


def test_missing_path(tmp_path: Path) -> None:
    one_clear_line(stats(tmp_path / "nowhere.toml"), "nowhere.toml", "no such file or directory")


def test_empty_path(tmp_path: Path) -> None:
    """--data '' is not the current folder (which may hold any *.toml)."""
    shutil.copy(MINIMAL, tmp_path / "here.toml")
    one_clear_line(tzcli("--data", "", "stats", cwd=tmp_path), "empty path")


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash for <(…)")
def test_data_from_a_pipe(tmp_path: Path) -> None:
    """--data <(…): a FIFO is read once, to its end, and never served from the cache."""
    import shlex

    def through_pipe(source: Path) -> subprocess.CompletedProcess:
        command = " ".join(shlex.quote(part) for part in tzcli_command())
        script = f"{command} --data <(cat {shlex.quote(str(source))}) topics -f tsv"
        return subprocess.run(
            ["bash", "-c", script], capture_output=True, env=subprocess_env(), timeout=120
        )

    first = through_pipe(MINIMAL)
    assert first.returncode == 0, first.stderr.decode()
    assert "Profile of the subdistrict" in first.stdout.decode()
    changed = broken(tmp_path, 'name_en = "Profile of the subdistrict"', 'name_en = "Changed"')
    second = through_pipe(changed)
    assert second.returncode == 0, second.stderr.decode()
    assert "Changed" in second.stdout.decode()
    bad = broken(tmp_path, 'unit = "people"', 'unit = "furlongs"', name="bad.toml")
    one_clear_line(through_pipe(bad), "furlongs")


def test_directory_with_no_toml_file(tmp_path: Path) -> None:
    folder = tmp_path / "empty"
    folder.mkdir()
    (folder / "notes.txt").write_text("not a dataset", encoding="utf-8")
    (folder / "sub.toml").mkdir()  # a folder named like a data file is not one
    (folder / "data.toml.bak").write_text(minimal_text(), encoding="utf-8")
    one_clear_line(stats(folder), "empty", "no *.toml file")


def test_bytes_that_are_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "data.toml"
    path.write_bytes(minimal_text().encode("gbk"))
    first = next(n for n, line in enumerate(minimal_text().splitlines(), 1) if not line.isascii())
    one_clear_line(stats(path), "not UTF-8", f"data.toml:{first}:")


def test_a_stray_invalid_byte(tmp_path: Path) -> None:
    path = tmp_path / "data.toml"
    raw = minimal_text().encode("utf-8").replace(b"rural population", b"rural \xff population", 1)
    path.write_bytes(raw)
    one_clear_line(stats(path), "not UTF-8", "0xff")


def _drop_file_access() -> tuple:
    """A command prefix that runs without the power to read other people's files.

    Root reads a chmod 000 file anyway, so as root the subprocess is started with
    CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH dropped from its bounding set
    (util-linux setpriv); it is still root, but file modes now apply to it.
    """
    if os.geteuid() != 0:
        return ()
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root and setpriv is not installed: root can read a chmod 000 file")
    return (setpriv, "--bounding-set=-dac_override,-dac_read_search")


def test_unreadable_file(tmp_path: Path) -> None:
    prefix = _drop_file_access()
    path = tmp_path / "data.toml"
    shutil.copy(MINIMAL, path)
    path.chmod(0)
    try:
        probe = subprocess.run([*prefix, "cat", str(path)], capture_output=True)
        if probe.returncode == 0:
            pytest.skip("this system lets the test read a chmod 000 file (root with capabilities)")
        one_clear_line(stats(path, prefix=prefix), "data.toml", "permission denied")
    finally:
        path.chmod(0o644)


def test_file_in_a_folder_that_cannot_be_entered(tmp_path: Path) -> None:
    prefix = _drop_file_access()
    folder = tmp_path / "locked"
    folder.mkdir()
    shutil.copy(MINIMAL, folder / "data.toml")
    folder.chmod(0)
    try:
        probe = subprocess.run([*prefix, "ls", str(folder)], capture_output=True)
        if probe.returncode == 0:
            pytest.skip("this system lets the test enter a chmod 000 folder")
        one_clear_line(stats(folder / "data.toml", prefix=prefix), "data.toml", "denied")
    finally:
        folder.chmod(0o755)


@pytest.mark.parametrize("content", [b"", b"   \n\n\t\n"], ids=["zero-bytes", "whitespace"])
def test_empty_file(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "data.toml"
    path.write_bytes(content)
    one_clear_line(stats(path), "data.toml", "empty")


def test_comments_only(tmp_path: Path) -> None:
    path = tmp_path / "data.toml"
    path.write_text("# nothing here yet\n", encoding="utf-8")
    one_clear_line(stats(path), "schema_version", "missing required key")


def test_wrong_schema_version(tmp_path: Path) -> None:
    path = broken(tmp_path, "schema_version = 1", "schema_version = 99")
    one_clear_line(stats(path), "schema version", "99")


def test_a_bom_is_fine(tmp_path: Path) -> None:
    path = tmp_path / "data.toml"
    path.write_bytes(b"\xef\xbb\xbf" + MINIMAL.read_bytes())
    proc = stats(path)
    assert proc.returncode == 0, proc.stderr.decode()


# --------------------------------------------------------------------------
# Numbers that are valid TOML but no figure of a subdistrict


@pytest.mark.parametrize(
    "value",
    ["1e999999999", "1e99999", "1e-999999", "1" + "0" * 4000, "1" + "0" * 5000, "-5", "nan", "inf"],
    ids=[
        "huge-exponent",
        "large-exponent",
        "tiny",
        "4001-digits",
        "5001-digits",
        "negative",
        "nan",
        "inf",
    ],
)
def test_absurd_numbers_are_refused(tmp_path: Path, value: str) -> None:
    path = broken(tmp_path, "value = 34000", f"value = {value}")
    # refused as the file is read, whatever the output: each value with one format
    fmt = ("json", "table", "csv")[len(value) % 3]
    one_clear_line(tzcli("--data", str(path), "facts", "-f", fmt), "data.toml")


def test_a_formula_that_overflows(tmp_path: Path) -> None:
    formula = " * ".join(["profile.population_rural"] * 400)
    path = broken(
        tmp_path,
        'formula = "profile.population_rural + profile.population_urban"',
        f'formula = "{formula}"',
    )
    one_clear_line(stats(path), "formula")


def test_a_formula_nested_too_deeply(tmp_path: Path) -> None:
    formula = "(" * 5000 + "profile.population_rural" + ")" * 5000
    path = broken(
        tmp_path,
        'formula = "profile.population_rural + profile.population_urban"',
        f'formula = "{formula}"',
    )
    one_clear_line(stats(path), "formula")


# --------------------------------------------------------------------------
# Size and depth


def _bulk_figures(count: int, unit: str = "households") -> str:
    return "".join(
        f"""
[[figures]]
id = "poverty.bulk_{i}"
topic = "poverty"
section = "s2016.livelihood"
year = 2016
subject_zh = "批量数据{i}"
subject_en = "generated figure number {i}, to make a large file"
value = {i}
unit = "{unit}"
qualifier = "exact"
quote = "两级扶贫平台共计1183户"
"""
        for i in range(count)
    )


@pytest.mark.slow  # 20 MB loaded: ~10 s a run; CI runs it with -m slow
def test_a_large_file_loads_or_is_refused_cleanly(tmp_path: Path) -> None:
    """Tens of MB of valid figures: either it loads (in time linear in the size;
    measured by hand, not asserted) or it is refused with one clear line."""
    path = tmp_path / "large.toml"
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(minimal_text())
        for start in range(0, 80_000, 10_000):
            handle.write(_bulk_figures(10_000).replace("bulk_", f"bulk_{start}_"))
    assert path.stat().st_size > 20 * 1024 * 1024
    proc = tzcli("--data", str(path), "topics", "-f", "json")
    if proc.returncode == 0:
        assert b'"poverty"' in proc.stdout and b"80001" in proc.stdout.replace(b" ", b"")
        assert b"Traceback" not in proc.stderr
    else:
        one_clear_line(proc, "large.toml")


def test_a_large_file_with_a_problem_in_every_record_is_refused_quickly(tmp_path: Path) -> None:
    """Thousands of problems: still one line (the first, and how many more), and
    found in time linear in the size (this took minutes when each problem searched
    the whole file for its line)."""
    path = tmp_path / "bad.toml"
    path.write_text(minimal_text() + _bulk_figures(20_000, unit="furlongs"), encoding="utf-8")
    first = line_of(path, 'id = "poverty.bulk_0"')
    one_clear_line(
        stats(path, timeout=120), f"bad.toml:{first}:", "furlongs", "19999 more problem(s)"
    )


def test_a_file_over_the_size_limit_is_refused(tmp_path: Path) -> None:
    if not Path("/dev/zero").exists():
        pytest.skip("no /dev/zero")
    # /dev/zero never ends: tzcli reads no further than its limit, then refuses
    one_clear_line(stats(Path("/dev/zero"), timeout=120), "/dev/zero", "limit")


@pytest.mark.parametrize(
    "text",
    [
        "x = " + "[" * 10_000 + "]" * 10_000,
        "x = " + "{a = " * 10_000 + "1" + "}" * 10_000,
        "schema_version = 1\nmeta = " + "[" * 10_000 + "]" * 10_000,
    ],
    ids=["arrays", "inline-tables", "under-a-known-key"],
)
def test_deeply_nested_file_fails_cleanly(tmp_path: Path, text: str) -> None:
    path = tmp_path / "deep.toml"
    path.write_text(text + "\n", encoding="utf-8")
    one_clear_line(stats(path), "deep.toml", "nested too deeply")


def test_deeply_nested_tables_by_dotted_keys_fail_cleanly(tmp_path: Path) -> None:
    path = tmp_path / "deep.toml"
    path.write_text("[" + ".".join(["a"] * 10_000) + "]\nb = 1\n", encoding="utf-8")
    one_clear_line(stats(path), "deep.toml")


# --------------------------------------------------------------------------
# TZCLI_DATA and validate


def test_tzcli_data_env_with_a_broken_file(tmp_path: Path) -> None:
    path = broken(tmp_path, 'unit = "people"', 'unit = "furlongs"')
    proc = tzcli("stats", "-f", "json", env=subprocess_env(TZCLI_DATA=str(path)))
    one_clear_line(proc, "furlongs")


def test_tzcli_data_env_missing(tmp_path: Path) -> None:
    proc = tzcli("topics", env=subprocess_env(TZCLI_DATA=str(tmp_path / "gone.toml")))
    one_clear_line(proc, "gone.toml", "no such file")


def test_tzcli_data_env_with_a_good_file(tmp_path: Path) -> None:
    proc = tzcli("topics", "-f", "json", env=subprocess_env(TZCLI_DATA=str(MINIMAL)))
    assert proc.returncode == 0, proc.stderr.decode()
    assert b'"plans"' in proc.stdout


def test_data_option_wins_over_env(tmp_path: Path) -> None:
    gone = tmp_path / "gone.toml"
    proc = tzcli("--data", str(MINIMAL), "topics", env=subprocess_env(TZCLI_DATA=str(gone)))
    assert proc.returncode == 0, proc.stderr.decode()


def test_validate_lists_every_problem_without_a_traceback(tmp_path: Path) -> None:
    path = broken(tmp_path, 'unit = "people"', 'unit = "furlongs"', count=2)
    proc = tzcli("validate", str(path))
    err = proc.stderr.decode()
    assert proc.returncode == 1
    assert "Traceback" not in err
    lines = err.strip().split("\n")
    assert len(lines) == 3, err
    assert all(line.startswith("error: ") for line in lines[:2])
    assert lines[-1] == "Error: 2 problem(s) found"


def test_cli_and_library_agree_on_the_error(tmp_path: Path) -> None:
    """The core raises tzcli.errors.DataError (never a Click error) for the same file."""
    from tzcli.dataset import load
    from tzcli.errors import DataError

    path = broken(tmp_path, 'qualifier = "exact"', 'qualifier = "roughly"')
    with pytest.raises(DataError) as info:
        load(path, use_cache=False)
    assert "roughly" in info.value.summary()
    assert sys.modules.get("tzcli.dataset") is not None


# --------------------------------------------------------------------------
# What tzcli cannot carry is refused when it is read (issue 12, items 11-13)


@pytest.mark.parametrize(
    "old,new,path",
    [
        ("value = 34000", "value = 10000000000000000000", "figures[0].value"),
        ("value = 34000", "value = 0x1_0000_0000_0000_0000", "figures[0].value"),
        (
            'year = 2016\nsubject_zh = "农村人口"',
            'year = -9223372036854775809\nsubject_zh = "农村人口"',
            "figures[0].year",
        ),
    ],
    ids=["1e19", "hex-2**64", "year-below-int64"],
)
def test_an_integer_beyond_64_bits_is_refused(
    tmp_path: Path, old: str, new: str, path: str
) -> None:
    data = broken(tmp_path, old, new)
    line = line_of(data, 'id = "profile.population_rural"')
    one_clear_line(stats(data), f"data.toml:{line}:", path, "64-bit")
    valid = tzcli("validate", str(data))
    assert valid.returncode == 1 and b"64-bit" in valid.stderr and b"Traceback" not in valid.stderr


def test_the_largest_64_bit_values_export_to_sqlite(tmp_path: Path) -> None:
    import sqlite3

    data = broken(tmp_path, "value = 34000", "value = 9223372036854775807")
    out = tmp_path / "x.sqlite"
    proc = tzcli("--data", str(data), "export", "-f", "sqlite", "-o", str(out))
    assert proc.returncode == 0, proc.stderr.decode()
    with sqlite3.connect(str(out)) as conn:
        row = conn.execute(
            "SELECT value, value_text FROM figures WHERE id = 'profile.population_rural'"
        ).fetchone()
    assert row == (9223372036854775807, "9223372036854775807")
    # a whole decimal beyond 64 bits (1e19 written as a float) goes in as a REAL
    data = broken(tmp_path, "value = 34000", "value = 1e19", name="float.toml")
    proc = tzcli("--data", str(data), "export", "-f", "sqlite", "-o", str(tmp_path / "y.sqlite"))
    assert proc.returncode == 0 and b"Traceback" not in proc.stderr, proc.stderr.decode()


@pytest.mark.parametrize("date", ["2017-13-45", "2017-02-30", "2017-00-10", "2019-02-29"])
def test_a_date_off_the_calendar_is_refused(tmp_path: Path, date: str) -> None:
    data = broken(tmp_path, 'published = "2017-02-28"', f'published = "{date}"')
    # cite, which reads the date, never sees it: the file is refused as it is read
    line = one_clear_line(tzcli("--data", str(data), "cite"), "meta.published", date, "not a date")
    assert "data.toml" in line


def test_a_leap_day_is_a_date(tmp_path: Path) -> None:
    data = broken(tmp_path, 'published = "2017-02-28"', 'published = "2016-02-29"')
    proc = tzcli("--data", str(data), "cite")
    assert proc.returncode == 0 and b"February 29" in proc.stdout, proc.stderr.decode()


@pytest.mark.parametrize(
    "escape",
    [
        "\\u001b]0;pwned\\u0007",
        "\\u0000",
        "\\b",
        "\\r",
        "\\f",
        "\\u007f",
        "\\u0085",
        "\\u009b",
        "\\u202e",
        "\\u202a",
        "\\u2066",
        "\\u2069",
    ],
)
def test_control_characters_in_text_are_refused(tmp_path: Path, escape: str) -> None:
    data = broken(
        tmp_path,
        'site_en = "Dingtao District Government website"',
        f'site_en = "Dingtao{escape} website"',
    )
    line = line_of(data, 'id = "tianzhong_2017"')  # the meta table's own id
    one_clear_line(stats(data), f"data.toml:{line}:", "meta.site_en", "control character")


def test_control_characters_deep_in_a_record_name_its_line(tmp_path: Path) -> None:
    data = broken(tmp_path, 'subject_en = "rural population"', 'subject_en = "rural\\u001b[2J"')
    line = line_of(data, 'id = "profile.population_rural"')
    one_clear_line(stats(data), f"data.toml:{line}:", "figures[0].subject_en", "\\x1b")


def test_tabs_and_newlines_in_text_are_kept(tmp_path: Path) -> None:
    data = broken(
        tmp_path, 'subject_en = "rural population"', 'subject_en = "rural\\tpopu\\nlation"'
    )
    proc = tzcli("--data", str(data), "facts", "-f", "json")
    assert proc.returncode == 0, proc.stderr.decode()
    assert b'"rural\\tpopu\\nlation"' in proc.stdout


def test_a_key_of_thirty_thousand_parts_is_refused_at_once(tmp_path: Path) -> None:
    """tomllib takes 10 s and 3.5 GB over it: refused before tomllib sees it."""
    import time

    data = tmp_path / "data.toml"
    data.write_text(minimal_text() + ".".join(["a"] * 30000) + " = 1\n", encoding="utf-8")
    start = time.monotonic()
    one_clear_line(stats(data, timeout=60), "data.toml:", "dotted parts")
    assert time.monotonic() - start < 8


def test_many_dots_inside_strings_are_not_a_key(tmp_path: Path) -> None:
    data = broken(tmp_path, 'subject_en = "rural population"', 'subject_en = "' + "." * 500 + '"')
    proc = stats(data)
    assert proc.returncode == 0, proc.stderr.decode()


def test_a_line_over_a_million_characters_is_refused(tmp_path: Path) -> None:
    data = broken(
        tmp_path, 'subject_en = "rural population"', 'subject_en = "' + "x" * 1_000_001 + '"'
    )
    line = line_of(data, 'subject_en = "xxx')
    one_clear_line(stats(data), f"data.toml:{line}", "characters")


def test_the_size_limit_is_one_tomllib_handles_within_two_gigabytes() -> None:
    """~30 bytes of memory a byte at worst (an array of decimals), measured on 4 MB."""
    from tzcli.dataset import MAX_FILE_BYTES

    assert MAX_FILE_BYTES * 32 < 2 * 1024**3


@pytest.mark.slow  # a parse until 250 MB run out: ~7 s a run; CI runs it with -m slow
def test_running_out_of_memory_is_one_line(tmp_path: Path) -> None:
    """Under a memory limit, a file that needs more than it: one line, exit 1."""
    resource = pytest.importorskip("resource")
    data = tmp_path / "data.toml"
    data.write_text(minimal_text() + "x = [\n" + "0.1,\n" * 2_000_000 + "]\n", encoding="utf-8")
    limit = 250 * 1024 * 1024

    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    proc = subprocess.run(
        [*tzcli_command(), "--data", str(data), "stats"],
        capture_output=True,
        env=subprocess_env(TZCLI_NO_CACHE="1"),
        preexec_fn=cap,
        timeout=300,
    )
    err = proc.stderr.decode()
    assert proc.returncode == 1, err
    assert err.strip() == "Error: out of memory", err


def test_the_cheap_look_before_the_walk_sees_every_suspect() -> None:
    """check._suspect decides whether the value walk runs at all: it must say yes for
    every form a control character or a too-long integer can take in TOML."""
    from tzcli.check import _suspect

    for text in (
        'a = "\\u001b"',
        'a = "\\e"',
        'a = "\\x1b"',
        'a = "\\U0000202E"',
        'a = "\u202e"',
        'a = "\u0085"',
        'a = "\\u007f"',
        'a = "\\b"',
    ):
        assert _suspect(text)[0], text
    for text in (
        "a = 10000000000000000000",
        "a = 1_000_000_000_000_000_000",
        "a = -9223372036854775809",
        "a = 0x1_0000_0000_0000_0000",
        "a = 0b" + "1" * 64,
    ):
        assert _suspect(text)[1], text
    assert _suspect('a = "plain text, 3.4万人"\nb = 2.1e8\nc = 123456789012345678') == (
        False,
        False,
    )


def test_the_cheap_look_at_bytes_finds_what_a_look_at_the_text_finds() -> None:
    """check._suspect scans the file's UTF-8 bytes for raw C1 and bidi controls (a
    character class over the text is 8x slower): it must find each one the class finds,
    among any other characters, with the bytes given or made from the text."""
    import re

    from hypothesis import given, settings
    from hypothesis import strategies as st

    from tzcli.check import _suspect

    raw_controls = re.compile("[\x80-\x9f\u202a-\u202e\u2066-\u2069]")
    near = st.sampled_from(
        [chr(c) for c in range(0x7E, 0xC0)] + [chr(c) for c in range(0x2000, 0x2070)] + ["中", "—"]
    )

    @settings(max_examples=300, deadline=None)
    @given(st.lists(st.one_of(near, st.characters(blacklist_categories=["Cs"])), max_size=30))
    def check(chars: list[str]) -> None:
        text = "".join(chars)
        expected = raw_controls.search(text) is not None
        assert _suspect(text)[0] >= expected  # it may suspect more (escapes), never less
        assert _suspect(text, text.encode("utf-8"))[0] == _suspect(text)[0]
        if "\\" not in text:
            assert _suspect(text)[0] == expected

    check()
