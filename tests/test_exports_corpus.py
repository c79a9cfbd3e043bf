"""A corpus's exports name the corpus (#21): with several sources loaded, Datasette's
title, description and source, the data package's name, title, description, sources and
keywords, and the workbook's ``about`` sheet say "tzcli corpus: 4 sources" and the
sources' places, not the first source's title (nor its missing fields as ``None``).
With one source they are as they were. Read by the clients themselves: Datasette (in
process), frictionless, openpyxl."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import DATA, FIXTURES

from tzcli.cli import cli

TEXTS = FIXTURES / "corpus" / "texts"
#: The fixture texts' sources, and the results year where it is not the first named.
DRAFTS = {"qingshi_2018": ["--year", "2017"], "songhe_2019": [], "dongguan_2020": []}
#: What the title names: each source's place (a draft's, in its own words).
PLACES = ("东关街道", "青石镇", "松河县", "Tianzhong Subdistrict")
TITLE = "tzcli corpus: 4 sources — " + ", ".join(PLACES)
#: The bundled interview's titles, as every release has written them.
ONE_TITLE = (
    "紧跟时代步伐 促进全面发展 — Tianzhong Subdistrict, Dingtao District, 2017-02-28 (tzcli)"
)
ONE_PACKAGE_TITLE = (
    "紧跟时代步伐 促进全面发展 (Keeping pace with the times, promoting all-round development): "
    "the figures of the interview with Party Secretary of Tianzhong Subdistrict Mu Sen, "
    "2017-02-28"
)


def invoke(*args: str) -> None:
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == 0, result.output


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The README tour's folder: the bundled interview and drafts of three made-up texts."""
    folder = tmp_path_factory.mktemp("corpus")
    shutil.copy(DATA / "tianzhong.toml", folder / "tianzhong.toml")
    for name, extra in DRAFTS.items():
        invoke("draft", str(TEXTS / f"{name}.txt"), "-o", str(folder / f"{name}.toml"), *extra)
    return folder


@pytest.fixture(scope="module")
def written(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Each export of the corpus, and of the bundled data alone."""
    out = tmp_path_factory.mktemp("exports")
    for name, data in (("corpus", ["--data", str(corpus)]), ("one", [])):
        invoke(*data, "export", "-f", "sqlite", "-o", str(out / f"{name}.db"),
               "--metadata", str(out / f"{name}.json"))  # fmt: skip
        invoke(*data, "export", "-f", "datapackage", "-o", str(out / f"{name}-package"))
    return {p.name: p for p in out.iterdir()}


def serve(db: Path, meta: Path, *paths: str) -> list[Any]:
    """GET each path from Datasette itself, in process (as tests/test_exports_sqlite.py)."""
    pytest.importorskip("datasette.app", reason="datasette is in the test extra")
    from test_exports_sqlite import serve as served

    return served(db, meta, *paths)


def test_datasette_titles_a_corpus_by_the_corpus(written: dict[str, Path]) -> None:
    metadata, home, database = serve(
        written["corpus.db"], written["corpus.json"], "/-/metadata.json", "/", "/corpus"
    )
    assert metadata["title"] == TITLE
    assert "4 sources (1 work summary, 1 work report, 2 interviews)" in metadata["description"]
    assert "SOURCE:ID" in metadata["description"]
    assert metadata["source"].startswith("4 sources: 东关街道, 2020-01-08: 东关街道2019年工作总结")
    assert "interview with Party Secretary of Tianzhong Subdistrict Mu Sen" in metadata["source"]
    assert "source_url" not in metadata  # each source's own is in table sources
    text = json.dumps(metadata, ensure_ascii=False)
    assert "None" not in text and "东关街道2019年工作总结 —" not in text
    assert TITLE in home  # what a person sees: the corpus's title, its sources below
    for page in (home, database):
        assert "4 sources: 东关街道" in page and "松河县" in page


def test_datasette_titles_one_source_as_before(written: dict[str, Path]) -> None:
    (metadata,) = serve(written["one.db"], written["one.json"], "/-/metadata.json")
    assert metadata["title"] == ONE_TITLE
    assert metadata["description"].startswith(
        "Every number of the interview with Mu Sen (穆森), Party Secretary of Tianzhong "
        "Subdistrict, with its unit, qualifier, year and the source's own words. Search"
    )
    assert metadata["source_url"] == "http://dingtao.gov.cn/contents/2699/100818.html"


def read_package(folder: Path) -> Any:
    frictionless = pytest.importorskip("frictionless")
    report = frictionless.validate(str(folder / "datapackage.json"))
    assert report.valid, report.flatten(["type", "note"])[:5]
    return frictionless.Package(str(folder / "datapackage.json"))


def test_the_data_package_of_a_corpus_names_the_corpus(written: dict[str, Path]) -> None:
    package = read_package(written["corpus-package"])
    assert package.name == "tzcli-corpus"
    assert package.title == TITLE
    assert package.description.startswith("Every number of 4 sources (")
    titles = [source["title"] for source in package.sources]
    assert titles == [
        "东关街道, 2020-01-08: 东关街道2019年工作总结",
        "青石镇, 2018-01-15: 青石镇2018年政府工作报告",
        "松河县, 2019-03-02: 松河县委书记访谈：决战决胜脱贫攻坚",
        "定陶政府网 (Dingtao District Government website), 2017-02-28: 紧跟时代步伐 促进全面发展 "
        "(Keeping pace with the times, promoting all-round development)",
    ]
    assert [source.get("path") for source in package.sources][-1].startswith(
        "http://dingtao.gov.cn/"
    )
    assert package.keywords == [*PLACES, "China", "local government"]
    descriptor = (written["corpus-package"] / "datapackage.json").read_text(encoding="utf-8")
    assert "None" not in descriptor and 'Tianzhong"' not in descriptor


def test_the_data_package_of_one_source_is_as_before(written: dict[str, Path]) -> None:
    package = read_package(written["one-package"])
    assert package.name == "tianzhong_2017"
    assert package.title == ONE_PACKAGE_TITLE
    assert package.description.startswith("Every number of the interview, with its unit")
    assert len(package.sources) == 1
    assert package.keywords[:2] == ["Tianzhong", "Dingtao"]


def test_the_workbook_s_about_sheet_names_the_corpus(corpus: Path, tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    invoke("--data", str(corpus), "export", "-f", "xlsx", "-o", str(tmp_path / "c.xlsx"))
    about = openpyxl.load_workbook(tmp_path / "c.xlsx")["about"]
    source, url = about["B1"].value, about["B2"].value
    assert source.startswith("4 sources: 东关街道, 2020-01-08") and "None" not in source
    assert "sheet sources" in url


def test_a_large_corpus_is_named_in_a_line() -> None:
    """A thousand sources: the title names the first places and "…", the source line the
    first sources and how many more (every source is in table sources)."""
    from tzcli.exports import about
    from tzcli.model import Dataset, Meta

    metas = tuple(
        Meta(
            id=f"s{i}",
            title_zh=f"第{i}号报告",
            quote="",
            language="zh",
            years=(),
            kind="work_report",
            place_zh=f"{i}镇",
            published="2020-01-01",
        )  # fmt: skip
        for i in range(1000)
    )
    ds = Dataset(metas, (), (), (), (), (), (), ())
    assert about.corpus_title(ds) == "tzcli corpus: 1000 sources — 0镇, 1镇, 2镇, 3镇 …"
    line = about.source_text(ds)
    assert line.startswith("1000 sources: 0镇, 2020-01-01: 第0号报告, work report; 1镇")
    assert line.endswith("; and 995 more (table sources)") and "5镇" not in line
    assert about.kinds(ds) == "1000 work reports"


def test_one_source_of_a_corpus_is_titled_as_itself(corpus: Path, tmp_path: Path) -> None:
    """``--source`` picks one source of the corpus: its exports are titled as one, and a
    topic that a source left out defines is of no source there (its key would point at
    a source the export lacks: frictionless and SQLite's foreign key check refuse it)."""
    import sqlite3

    invoke("--data", str(corpus), "--source", "tianzhong_2017", "export", "-f", "sqlite",
           "-o", str(tmp_path / "t.db"), "--metadata", str(tmp_path / "t.json"))  # fmt: skip
    assert json.loads((tmp_path / "t.json").read_text(encoding="utf-8"))["title"] == ONE_TITLE
    one = ["--data", str(corpus), "--source", "songhe_2019", "export"]
    invoke(*one, "-f", "datapackage", "-o", str(tmp_path / "p"))
    package = read_package(tmp_path / "p")  # valid: every foreign key found
    assert package.title == (
        "松河县委书记访谈：决战决胜脱贫攻坚: the figures of the interview with 林建平, 2019-03-02"
    )
    invoke(*one, "-f", "sqlite", "-o", str(tmp_path / "s.db"))
    with sqlite3.connect(tmp_path / "s.db") as conn:
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        sources = conn.execute("SELECT DISTINCT source FROM topics").fetchall()
    assert set(sources) <= {("songhe_2019",), (None,)}
