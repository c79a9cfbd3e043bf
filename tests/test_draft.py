"""tzcli draft: the number parser, the extractor on made-up texts and on the seed
interview, the TOML draft (verbatim quotes, unique ids, TODOs that validate
lists and that, filled, load), encodings, and the command as a user runs it."""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import DATA, FIXTURES, ROOT, SEED
from hypothesis import given, settings
from hypothesis import strategies as st

from tzcli.check import TODO_MARK as TODO
from tzcli.cli import cli
from tzcli.draft import against, analyse, decode, draft_toml, extract, zh_number

DRAFT_FIXTURES = FIXTURES / "draft"
NAMES = ("qinghe-interview", "donghu-summary", "hexi-report", "nanshan-midyear", "shimen-review")
SEED_DIR = SEED


def _bench() -> Any:
    spec = importlib.util.spec_from_file_location("bench_draft", ROOT / "benchmarks" / "draft.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_draft"] = module
    spec.loader.exec_module(module)
    return module


BENCH = _bench()


def fixture_text(name: str) -> str:
    return (DRAFT_FIXTURES / f"{name}.txt").read_text(encoding="utf-8")


def seed() -> str:
    text = BENCH.seed_text(SEED_DIR)
    if text is None:
        pytest.skip(f"the seed interview is not in {SEED_DIR} (shared/ is not beside the checkout)")
    return str(text)


def load_toml(text: str) -> dict[str, Any]:
    try:
        import tomllib
    except ModuleNotFoundError:  # Python < 3.11
        import tomli as tomllib  # type: ignore[no-redef]
    return tomllib.loads(text)


# --------------------------------------------------------------------------
# The number parser


_DIGITS = "零一二三四五六七八九"


def to_zh(n: int) -> str:
    """A Chinese numeral the way texts write it: 10005 → 一万零五, 12 → 十二."""

    def group(x: int) -> str:
        out, zero = "", False
        for size, name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
            d = x // size % 10
            if d:
                out += ("零" if zero else "") + _DIGITS[d] + name
                zero = False
            elif out:
                zero = True
        return out

    parts = []
    for size, name in ((10**8, "亿"), (10**4, "万"), (1, "")):
        g = n // size % 10**4 if size < 10**8 else n // size
        if g:
            text = group(g)
            if parts and g < 1000:
                text = "零" + text
            parts.append(text + name)
        elif parts and n % size:
            parts.append("")
    text = "".join(parts)
    text = re.sub("零+", "零", text)
    return text[1:] if text.startswith("一十") else text


@given(st.integers(min_value=1, max_value=10**12 - 1))
def test_chinese_numerals_round_trip(n: int) -> None:
    assert zh_number(to_zh(n)) == n


@pytest.mark.parametrize(
    "text, value",
    [
        ("两", 2),
        ("十", 10),
        ("二十二", 22),
        ("三百二十", 320),
        ("一千二百", 1200),
        ("一百万", 1000000),
        ("九点五", Decimal("9.5")),
        ("二〇一六", 2016),
        ("一亿零五万", 100050000),
    ],
)
def test_chinese_numerals(text: str, value: Decimal) -> None:
    assert zh_number(text) == value


@pytest.mark.parametrize("text", ["三四", "百百", "十十", "万", "点五", "一点两"])
def test_not_chinese_numerals(text: str) -> None:
    with pytest.raises(ValueError):
        zh_number(text)


UNITS = {
    "元": "yuan",
    "人": "people",
    "户": "households",
    "亩": "mu",
    "米": "m",
    "公里": "km",
    "平方米": "m2",
    "个": "count",
    "眼": "count",
    "吨": "t",
    "人次": "person-times",
}


@given(
    st.decimals(min_value=Decimal("0.01"), max_value=Decimal(99999), places=2),
    st.sampled_from(["", "万", "亿"]),
    st.sampled_from(sorted(UNITS)),
    st.sampled_from([("", "exact"), ("余", "at_least"), ("约", "approx"), ("超过", "at_least")]),
)
def test_arabic_figures(number: Decimal, mult: str, word: str, hedge: tuple[str, str]) -> None:
    shown = f"{number.normalize():f}"
    before, after = ("", hedge[0]) if hedge[0] == "余" else (hedge[0], "")
    text = f"全年新建设施{before}{shown}{mult}{after}{word},成效明显。"
    found = extract(text, results_year=2016)
    assert len(found) == 1, (text, found)
    cand = found[0]
    factor = {"": 1, "万": 10**4, "亿": 10**8}[mult]
    assert cand.value == Decimal(shown) * factor
    assert (cand.unit, cand.qualifier, cand.number) == (UNITS[word], hedge[1], shown + mult)
    assert cand.quote in text and cand.number in cand.quote


@settings(max_examples=200)
@given(
    st.text(
        alphabet=st.sampled_from(
            list("一二两三十百千万亿0123456789.-%年月日是、个家人元余约以上,。()\n村两学做强")
        ),
        max_size=60,
    )
)
def test_extract_never_fails_and_quotes_are_verbatim(text: str) -> None:
    analysis = analyse(text)
    for cand in analysis.candidates:
        assert text[cand.quote_start : cand.quote_start + len(cand.quote)] == cand.quote
        assert cand.quote.find(cand.text) >= 0
    for section in analysis.sections:
        assert section.quote in text
    load_toml(draft_toml(text))


# --------------------------------------------------------------------------
# Made-up texts and the seed


@pytest.mark.parametrize("name", NAMES)
def test_fixture_recall_and_precision(name: str) -> None:
    score = BENCH.score_fixture(name)
    assert score["recall"] >= 0.97, score["missed"]
    assert score["precision"] >= 0.98, score["extra"]
    assert score["qualifiers"] >= 0.98, score["wrong"]
    assert score["years_right"] >= 0.95, score["wrong"]


@pytest.mark.parametrize("name", NAMES)
def test_fixtures_are_marked_made_up(name: str) -> None:
    first = fixture_text(name).splitlines()[0]
    assert "虚构" in first
    expected = json.loads((DRAFT_FIXTURES / f"{name}.expected.json").read_text(encoding="utf-8"))
    assert len(expected["figures"]) >= 20


@pytest.mark.parametrize("name", NAMES)
def test_non_figures_are_skipped_and_listed(name: str) -> None:
    text = fixture_text(name)
    expected = json.loads((DRAFT_FIXTURES / f"{name}.expected.json").read_text(encoding="utf-8"))
    cands = extract(text)
    for word in expected["not_figures"]:
        for found in re.finditer(re.escape(word), text):
            for c in cands:
                first = c.start + c.text.find(c.number)
                assert not (found.start() <= first < found.end()), (word, c)
    toml = draft_toml(text)
    comments = "\n".join(line for line in toml.splitlines() if line.startswith("# skipped"))
    for word in expected["not_figures"]:
        assert word in text
    if name in ("qinghe-interview", "donghu-summary"):
        for reason in ("a year", "a list marker", "a name", "a phone number"):
            assert reason in comments
        for word in ("两学一做", "三位一体"):
            assert word in comments


def test_seed_recall_and_precision() -> None:
    score = BENCH.score_seed(seed())
    assert score["recall"] >= 0.98, score["missed"]
    assert score["precision"] >= 0.95, score["extra"]


def drafts() -> list[tuple[str, str]]:
    out = [(name, fixture_text(name)) for name in NAMES]
    text = BENCH.seed_text(SEED_DIR)
    if text is not None:
        out.append(("seed", text))
    return out


@pytest.mark.parametrize("name, text", drafts(), ids=[n for n, _ in drafts()])
def test_draft_quotes_are_verbatim_and_ids_unique(name: str, text: str) -> None:
    doc = load_toml(draft_toml(text, "src"))
    quotes = [doc["meta"]["quote"]] + [r["quote"] for r in doc["sections"] + doc["figures"]]
    for quote in quotes:
        assert quote == TODO or quote in text, quote
    ids = [r["id"] for group in ("topics", "sections", "figures") for r in doc.get(group, [])]
    assert len(ids) == len(set(ids))
    from tzcli.concepts import of_id

    for fig in doc["figures"]:
        assert fig["reviewed"] is False
        known = of_id(fig["id"])  # a concept's English name, else the text's own words
        assert fig["subject_en"] == (known.name_en if known else fig["subject_zh"])
        assert fig["section"] in {s["id"] for s in doc["sections"]}
    assert f'"{TODO}"' not in draft_toml(text, "src")


def test_year_override() -> None:
    text = fixture_text("donghu-summary")
    years = {c.year for c in extract(text, results_year=2010)}
    # --year where the text names none; 2020年,东湖街道将… keeps its 2020
    assert years == {2010, 2020}
    assert {c.year for c in extract(text, results_year=2010, plan_year=2013)} == {2010, 2020}
    assert {c.year for c in extract(fixture_text("qinghe-interview"), 2010, 2013)} == {
        2010,
        2013,
        2017,
    }


def test_against_finds_uncovered_numbers_and_quotes_not_in_the_text(tmp_path: Path) -> None:
    from tzcli.dataset import load

    text = seed()
    uncovered, missing, unread = against(text, load(DATA))
    assert missing == [] and unread == []
    # its own reading: the page's date and the years no quote carries, and the
    # numerals of 这样一个平台, 过去的一年, 三位一体, 情暖万家 (not figures, yet numbers)
    assert {n.text for n in uncovered if n.kind == "number"} == {"一", "三", "万"}
    assert {n.text for n in uncovered if n.kind != "number"} == {"2017", "02", "28", "2016"}
    # every figure of the draft is covered
    covered = {n.start for n in uncovered}
    assert all(c.start + c.text.find(c.number[:1]) not in covered for c in extract(text))
    changed = text.replace("农村人口3.4万人", "农村人口三万四千人")
    uncovered, missing, _ = against(changed, load(DATA))
    assert ("profile.population_rural", "农村人口3.4万人") in missing
    assert "三万四千" in [c.text for c in uncovered]


def test_against_reads_what_the_draft_skips() -> None:
    """--against does not share the draft's reading: a duration the draft leaves out, a
    number in a name, a unit it does not know, are reported when no quote covers them."""
    from tzcli.dataset import load

    text = seed() + "\n连续9个月保持稳定,建成“五个一批”示范点,装机800千瓦,①②\n"
    uncovered, _, unread = against(text, load(DATA))
    assert {"9", "五", "800"} <= {n.text for n in uncovered}
    assert not {"9个月", "800千瓦"} & {c.text for c in extract(text)}
    assert [n.text for n in unread] == ["①②"]


# --------------------------------------------------------------------------
# Encodings


def test_gb18030_and_bom_read_as_utf8(tmp_path: Path) -> None:
    from tzcli.draft import read_text

    text = fixture_text("qinghe-interview")
    (tmp_path / "gbk.txt").write_bytes(text.encode("gb18030"))
    (tmp_path / "bom.txt").write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert read_text(tmp_path / "gbk.txt") == text
    assert read_text(tmp_path / "bom.txt") == text


@pytest.mark.parametrize("raw", [b"", b"  \n", b"\x00\x01binary"])
def test_not_text_is_refused(raw: bytes) -> None:
    from tzcli.errors import SourceTextError

    with pytest.raises(SourceTextError):
        decode(raw)


# --------------------------------------------------------------------------
# TODOs: validate lists them; filled, the draft loads


def fill(toml: str) -> str:
    return toml.replace(f'= "{TODO}"', '= "filled"')


def test_a_draft_loads_as_written_and_validate_lists_what_is_unreviewed(tmp_path: Path) -> None:
    toml = draft_toml(fixture_text("qinghe-interview"), "qinghe")
    path = tmp_path / "draft.toml"
    path.write_text(toml, encoding="utf-8")
    result = CliRunner().invoke(cli, ["validate", str(path)])
    assert result.exit_code == 0, result.output
    figures = toml.count("\n[[figures]]\n")
    assert f"draft.toml: {figures} of {figures} figures unreviewed" in result.stdout
    listed = [line for line in result.stdout.splitlines() if line.startswith("  qinghe.f")]
    assert listed and all("lacks subject_en in English" in line for line in listed)
    strict = CliRunner().invoke(cli, ["validate", "--strict", str(path)])
    assert strict.exit_code == 1
    assert f"{figures} unreviewed record(s) (--strict)" in strict.stderr


def test_filled_draft_loads_with_facts(tmp_path: Path) -> None:
    text = fixture_text("donghu-summary")
    path = tmp_path / "draft.toml"
    path.write_text(fill(draft_toml(text, "donghu")), encoding="utf-8")
    runner = CliRunner()
    assert runner.invoke(cli, ["validate", str(path)]).exit_code == 0
    result = runner.invoke(cli, ["--data", str(path), "facts", "-f", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert len(rows) == len(extract(text)) == 41
    assert {r["quote"] for r in rows} <= {c.quote for c in extract(text)}


# --------------------------------------------------------------------------
# The command


@pytest.fixture
def interview(tmp_path: Path) -> Path:
    path = tmp_path / "interview.txt"
    path.write_text(fixture_text("qinghe-interview"), encoding="utf-8")
    return path


def test_command_writes_the_draft_and_refuses_to_overwrite(interview: Path) -> None:
    runner = CliRunner()
    out = interview.with_name("new.toml")
    result = runner.invoke(cli, ["draft", str(interview), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert re.search(
        r"wrote .*new.toml: 40 figures, unreviewed \(reviewed = false\)", result.stderr
    )
    assert load_toml(out.read_text(encoding="utf-8"))["meta"]["id"] == "interview"
    out.write_text("mine", encoding="utf-8")
    result = runner.invoke(cli, ["draft", str(interview), "-o", str(out)])
    assert result.exit_code == 1
    assert result.stderr.strip() == f"Error: {out} exists; use --force to overwrite it"
    assert out.read_text(encoding="utf-8") == "mine"
    result = runner.invoke(cli, ["draft", str(interview), "-o", str(out), "--force"])
    assert result.exit_code == 0
    assert out.read_text(encoding="utf-8").startswith("# A draft")
    assert sorted(p.name for p in interview.parent.iterdir()) == ["interview.txt", "new.toml"]


def test_command_prints_to_stdout_and_takes_year_and_id(interview: Path) -> None:
    result = CliRunner().invoke(cli, ["draft", str(interview), "--year", "2020", "--id", "qh"])
    assert result.exit_code == 0
    doc = load_toml(result.stdout)
    # --year sets the year where a clause names none (2017年全镇完成… keeps its 2017)
    assert {f["year"] for f in doc["figures"]} == {2017, 2020, 2021}
    assert all(f["id"].startswith("qh.f") or "." in f["id"] for f in doc["figures"])
    assert any(f["id"].startswith("qh.f0") for f in doc["figures"])


def test_command_reads_stdin() -> None:
    result = CliRunner().invoke(cli, ["draft", "-"], input="辖12个村。".encode("gb18030"))
    assert result.exit_code == 0
    assert load_toml(result.stdout)["figures"][0]["value"] == 12


@pytest.mark.parametrize(
    "args, code, message",
    [
        (["missing.txt"], 1, "Error: cannot read missing.txt: No such file or directory"),
        (["interview.txt", "--year", "99"], 2, "Invalid value for '--year'"),
        (["interview.txt", "--id", "Bad-Id"], 2, "Invalid value for '--id'"),
        (["interview.txt", "-o", "nowhere/new.toml"], 1, "directory"),
        (["interview.txt", "--against", "missing.toml"], 1, "Error: missing.toml"),
    ],
)
def test_command_errors_are_one_line(
    interview: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], code: int, message: str
) -> None:
    monkeypatch.chdir(interview.parent)
    result = CliRunner().invoke(cli, ["draft", *args])
    assert result.exit_code == code
    assert message in result.stderr
    assert "Traceback" not in result.output
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit)


def test_command_against(tmp_path: Path) -> None:
    source = tmp_path / "seed.txt"
    source.write_text(seed(), encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(cli, ["draft", str(source), "--against", str(DATA)])
    assert result.exit_code == 0, result.output
    assert "quotes not verbatim in the text: 0" in result.stdout
    assert "numbers no quote covers: 11" in result.stdout
    assert re.search(r"^  line 3    2017       date ", result.stdout, re.M)
    source.write_text(seed().replace("耕地2626亩", "耕地2,626亩"), encoding="utf-8")
    result = runner.invoke(cli, ["draft", str(source), "--against", str(DATA)])
    assert result.exit_code == 1
    assert "profile.arable_land: 耕地2626亩" in result.stdout


def test_command_against_with_output_writes_and_still_fails(tmp_path: Path) -> None:
    source = tmp_path / "seed.txt"
    source.write_text(seed().replace("耕地2626亩", "耕地2,626亩"), encoding="utf-8")
    out = tmp_path / "new.toml"
    result = CliRunner().invoke(cli, ["draft", str(source), "--against", str(DATA), "-o", str(out)])
    assert result.exit_code == 1
    assert "profile.arable_land" in result.stdout
    assert load_toml(out.read_text(encoding="utf-8"))["figures"]


def test_long_headings_are_cut_to_their_start() -> None:
    text = "2016年\n)大力盘活闲置资产,提高资产使用率利用烟台工业园区优势,对园区企业进行摸排。"
    heading = analyse(text).sections[-1]
    assert heading.number_zh == ")" and len(heading.title_zh) <= 30
    assert heading.quote in text


def test_benchmark_reports_recall_precision_and_time() -> None:
    import subprocess

    from conftest import subprocess_env

    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "draft.py"), "--runs", "1", "--size", "2000"],
        capture_output=True,
        text=True,
        env=subprocess_env(),
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    for name in NAMES:  # per text: recall, precision, qualifiers, years
        assert re.search(rf"^\| {name} \| \d+ \|( [\d.]+% \|){{4}}$", done.stdout, re.M)
    assert re.search(r"^time, 2000 characters .* extract [\d.]+ ms", done.stdout, re.M)
    assert "seed interview: " in done.stdout
