"""The SQLite export as Datasette serves it (Datasette itself, in process):
full-text search in Chinese and English, facets, links between records, and the
metadata (source, licence, every column described)."""

from __future__ import annotations

import asyncio
import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from tzcli.cli import cli
from tzcli.dataset import load
from tzcli.exports.tables import tables

# In-process calls read the bundled data from a cache filled once a run (this module
# tests nothing of the cache): not a parse of it in every test.
pytestmark = pytest.mark.usefixtures("warm_cache")

datasette_app = pytest.importorskip("datasette.app", reason="datasette is in the test extra")
from datasette.utils import tilde_encode  # noqa: E402

SEARCHED = ("subject_zh", "subject_en", "quote", "note_en", "note_zh", "flag_en")


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("datasette")
    db, meta = folder / "tz.db", folder / "tz.metadata.json"
    result = CliRunner().invoke(
        cli, ["export", "-f", "sqlite", "-o", str(db), "--metadata", str(meta)]
    )
    assert result.exit_code == 0, result.output
    assert f"wrote {meta}" in result.stderr
    return db, meta


def serve(db: Path, meta: Path, *paths: str) -> list[Any]:
    """GET each path from a Datasette over the file: JSON decoded, HTML as text."""

    async def run() -> list[Any]:
        app = datasette_app.Datasette(
            [str(db)], metadata=json.loads(meta.read_text(encoding="utf-8"))
        )
        await app.invoke_startup()
        out: list[Any] = []
        for path in paths:
            response = await app.client.get(path)
            assert response.status_code == 200, (path, response.text[:500])
            out.append(response.json() if ".json" in path else response.text)
        return out

    return asyncio.run(run())


def rows_containing(name: str, word: str) -> set[str]:
    """Ids of the rows of an exported table with ``word`` in a searched column."""
    (table,) = [t for t in tables(load(None)) if t.name == name]
    return {
        row["id"]
        for row in table.rows
        if any(word.casefold() in (row.get(col) or "").casefold() for col in table.search)
    }


def figures_containing(word: str) -> set[str]:
    ds = load(None)
    return {
        f.id
        for f in ds.figures
        if any(word.casefold() in (getattr(f, name) or "").casefold() for name in SEARCHED)
    }


@pytest.mark.parametrize(
    "word",
    ["低保户", "dibao", "贫困户", "Party", "脱贫", "低保", "润鑫", "吴庄", "魏", "完成脱贫人口"],
)
def test_search_returns_exactly_the_figures_whose_texts_contain_it(
    exported: tuple[Path, Path], word: str
) -> None:
    expected = figures_containing(word)
    assert expected, word  # a word the data has: else the test could not fail
    (rows,) = serve(*exported, f"/tz/figures.json?_search={word}&_shape=array&_size=max")
    assert {row["id"] for row in rows} == expected


def test_a_search_for_dibao_households_finds_the_six(exported: tuple[Path, Path]) -> None:
    (rows,) = serve(*exported, "/tz/figures.json?_search=低保户&_shape=array&_size=max")
    assert len(rows) == 6 < len(load(None).figures)


def test_other_tables_are_searchable(exported: tuple[Path, Path]) -> None:
    plans, mentions = serve(
        *exported,
        "/tz/plan_entries.json?_search=贫困户&_shape=array&_size=max",
        "/tz/village_mentions.json?_search=农村社区&_shape=array&_size=max",
    )
    assert plans and all("贫困户" in (r["text_zh"] or "") + (r["quote"] or "") for r in plans)
    assert mentions and all("农村社区" in r["quote"] for r in mentions)


@pytest.mark.parametrize(
    ("name", "village"), [("吴庄", "wuzhuang"), ("罗庄", "luozhuang"), ("魏庙", "weimiao")]
)
def test_a_village_is_found_by_its_own_name(
    exported: tuple[Path, Path], name: str, village: str
) -> None:
    """Two characters, the length of most Chinese words, in Datasette's search box."""
    (rows,) = serve(*exported, f"/tz/villages.json?_search={name}&_shape=array")
    assert [row["id"] for row in rows] == [village]


def test_the_search_box_is_shown_and_says_any_length(exported: tuple[Path, Path]) -> None:
    (html,) = serve(*exported, "/tz/villages?_search=吴庄")
    assert 'name="_search"' in html and "wuzhuang" in html
    db, meta = exported
    assert "any length" in json.loads(meta.read_text(encoding="utf-8"))["description"]


def _search(conn: sqlite3.Connection, table: str, word: str) -> list[str]:
    return [
        r[0]
        for r in conn.execute(
            f'SELECT id FROM "{table}" WHERE rowid IN '
            f'(SELECT rowid FROM "{table}_fts" WHERE "{table}_fts" MATCH ?) ORDER BY id',
            (f'"{word}"',),
        )
    ]


def test_triggers_keep_the_search_in_step_with_edits(exported: tuple[Path, Path]) -> None:
    """An insert, an update and a delete of a row change what a search finds, as
    ``sqlite-utils enable-fts --create-triggers`` does."""
    db, _ = exported
    import shutil

    copy = db.with_name("edited.db")
    shutil.copyfile(db, copy)
    with sqlite3.connect(copy) as conn:
        assert _search(conn, "villages", "吴庄") == ["wuzhuang"]
        conn.execute("UPDATE villages SET name_zh = '新吴村' WHERE id = 'wuzhuang'")
        assert _search(conn, "villages", "吴庄") == []
        assert _search(conn, "villages", "吴村") == ["wuzhuang"]
        conn.execute(
            "INSERT INTO villages (id, name_zh, pinyin, kind, source) "
            "VALUES ('zz', '张庄', 'Zhangzhuang', 'village', 'tianzhong_2017')"
        )
        assert _search(conn, "villages", "张庄") == ["zz"]
        assert _search(conn, "villages", "zhang") == ["zz"]
        conn.execute("DELETE FROM villages WHERE id IN ('zz', 'wuzhuang')")
        assert _search(conn, "villages", "张庄") == _search(conn, "villages", "吴村") == []
        triggers = {
            r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        }
        assert {"figures_ai", "figures_ad", "figures_au", "villages_au"} <= triggers


def test_sqlite_utils_search_finds_two_characters(exported: tuple[Path, Path]) -> None:
    """``sqlite-utils search`` on the export: the command a user runs (its Click command,
    run here in one process: the tool takes ~1 s to start; test_use_it_with.py starts it
    as a program)."""
    from sqlite_utils.cli import cli as sqlite_utils

    db, _ = exported
    for table, word, expected in (
        ("villages", "罗庄", {"luozhuang"}),
        ("figures", "脱贫", figures_containing("脱贫")),
        ("projects", "润鑫", rows_containing("projects", "润鑫")),
    ):
        done = CliRunner().invoke(
            sqlite_utils, ["search", str(db), table, word, "-c", "id", "--csv"]
        )
        assert done.exit_code == 0, done.output
        assert set(done.stdout.split()[1:]) == expected, (word, done.stdout)


def test_topic_facet_matches_tzcli_topics(exported: tuple[Path, Path]) -> None:
    (page,) = serve(*exported, "/tz/figures.json?_facet=topic&_size=0")
    facet = {item["value"]: item["count"] for item in page["facet_results"]["topic"]["results"]}
    listed = json.loads(CliRunner().invoke(cli, ["topics", "--format", "json"]).stdout)
    assert facet == {row["id"]: row["figures"] for row in listed if row["figures"]}


def test_a_figure_links_to_its_topic_and_section(exported: tuple[Path, Path]) -> None:
    """The figure as Datasette shows it in its table (Datasette 0.65's row page shows
    outgoing keys as plain ids): the topic and section are links, labelled by name;
    and the topic's own page links back to its figures."""
    figure = load(None).figure("social_assistance.rural_dibao_households")
    html, topic_page = serve(
        *exported, f"/tz/figures?id={figure.id}", f"/tz/topics/{tilde_encode(figure.topic)}"
    )
    assert f'<a href="/tz/topics/{figure.topic}">Social assistance</a>' in html
    # records are keyed by source and id: the link goes through section_key, SOURCE:ID
    assert f'href="/tz/sections/{tilde_encode(figure.source + ":" + figure.section)}"' in html
    assert f'href="/tz/figures?topic={figure.topic}"' in topic_page


def test_source_licence_and_column_descriptions_are_shown(exported: tuple[Path, Path]) -> None:
    html, columns = serve(
        *exported, "/tz/figures", "/tz/figures.json?_shape=objects&_size=1&_extra=columns"
    )
    meta = load(None).meta
    assert meta.url and f'href="{meta.url}"' in html
    assert "MIT" in html
    assert "The source&#39;s own words" in html or "The source's own words" in html


def test_every_column_is_described_with_its_unit(exported: tuple[Path, Path]) -> None:
    db, meta_file = exported
    meta = json.loads(meta_file.read_text(encoding="utf-8"))
    described = meta["databases"]["tz"]["tables"]
    assert meta["source_url"] and meta["license"] and meta["title"]
    with sqlite3.connect(db) as conn:
        names = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '%_fts%'"
            )
        ]
        for name in names:
            columns = [r[1] for r in conn.execute(f'PRAGMA table_info("{name}")')]
            assert set(described[name]["columns"]) == set(columns), name
            assert all(described[name]["columns"].values()), name
    assert "[unit: yuan]" in described["projects"]["columns"]["investment"]
    assert "column unit" in described["figures"]["columns"]["value"]


def test_foreign_keys_hold_and_cover_every_reference(exported: tuple[Path, Path]) -> None:
    db, _ = exported
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []

        def refs(table: str) -> set[tuple[str, str]]:
            return {(r[3], r[2]) for r in conn.execute(f'PRAGMA foreign_key_list("{table}")')}

        # a reference to a record goes through its *_key column (SOURCE:ID)
        assert refs("figures") == {
            ("topic", "topics"),
            ("section_key", "sections"),
            ("project_key", "projects"),
            ("plan_key", "plans"),
            ("source", "sources"),
        }
        assert {("section_key", "sections"), ("plan_key", "plans")} <= refs("projects")
        assert ("village_id_key", "villages") in refs("village_mentions")
        assert refs("figure_villages") == {
            ("figure_id_key", "figures"),
            ("village_id_key", "villages"),
        }
        assert ("input_id_key", "figures") in refs("figure_inputs")
        assert ("parent_key", "sections") in refs("sections")
        assert ("plan_id_key", "plans") in refs("plan_entries")
        # every table but the sources themselves points at something
        for table in tables(load(None)):
            if table.name != "sources":
                assert refs(table.name), table.name


def test_fts_is_configured_the_way_datasette_finds_it(exported: tuple[Path, Path]) -> None:
    from datasette.utils import detect_fts

    db, _ = exported
    with sqlite3.connect(db) as conn:
        for table in ("figures", "projects", "plans", "plan_entries", "notes", "villages"):
            assert detect_fts(conn, table) == f"{table}_fts"
        (sql,) = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'figures_fts'").fetchone()
        assert 'tokenize="unicode61"' in sql
        assert conn.execute(
            "SELECT count(*) FROM figures_fts WHERE figures_fts MATCH '\"低保户\"'"
        ).fetchone() == (6,)


def test_the_data_file_is_named_not_located(exported: tuple[Path, Path]) -> None:
    db, _ = exported
    with sqlite3.connect(db) as conn:
        for (file,) in conn.execute("SELECT file FROM sources"):
            assert file == "tianzhong.toml"


def test_metadata_goes_with_sqlite_only(tmp_path: Path) -> None:
    runner = CliRunner()
    for args in (
        ["export", "-f", "json", "-o", str(tmp_path / "x.json"), "--metadata", "m.json"],
        ["export", "-f", "sqlite", "-o", "-", "--metadata", "m.json"],
        ["export", "-f", "sqlite", "-o", str(tmp_path / "a"), "--metadata", str(tmp_path / "a")],
    ):
        result = runner.invoke(cli, args)
        assert result.exit_code == 2, result.output
        assert "--metadata" in result.stderr or "--output" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_metadata_file_is_never_overwritten_without_force(tmp_path: Path) -> None:
    meta = tmp_path / "m.json"
    meta.write_text("mine", encoding="utf-8")
    args = ["export", "-f", "sqlite", "-o", str(tmp_path / "a.db"), "--metadata", str(meta)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1 and "exists" in result.stderr
    assert meta.read_text(encoding="utf-8") == "mine"
    assert not (tmp_path / "a.db").exists()  # refused before anything was written
    assert CliRunner().invoke(cli, [*args, "--force"]).exit_code == 0
    assert json.loads(meta.read_text(encoding="utf-8"))["databases"]["a"]["tables"]


def test_every_table_and_column_of_every_export_is_described() -> None:
    """A column added to a listing without a description here fails this test."""
    for table in tables(load(None)):
        assert table.title != table.name and table.description, table.name
        for col in table.columns:
            assert col.description, f"{table.name}.{col.name} has no description"
            if col.type in ("integer", "number") and col.name != "year":
                assert col.unit, f"{table.name}.{col.name} has no unit"


def test_datasette_1_finds_the_same(exported: tuple[Path, Path]) -> None:
    """Datasette 1.0 (an alpha, in a virtual environment of its own: it cannot share
    the test extra's with 0.65): the search box and the metadata work the same."""
    import os
    import subprocess

    tool = os.environ.get("TZCLI_TEST_DATASETTE_1")
    if not tool:
        pytest.skip(
            "set TZCLI_TEST_DATASETTE_1 to a Datasette 1.x executable "
            "(python -m venv v && v/bin/pip install --pre 'datasette>=1.0a')"
        )
    version = subprocess.run([tool, "--version"], capture_output=True, text=True, check=True)
    assert "version 1." in version.stdout, version.stdout
    db, meta = exported
    for table, word in (("villages", "吴庄"), ("villages", "魏庙"), ("figures", "脱贫")):
        done = subprocess.run(
            [
                tool,
                str(db),
                "--metadata",
                str(meta),
                "--get",
                f"/tz/{table}.json?_search={word}&_shape=array&_size=max",
            ],
            capture_output=True,
            text=True,
            check=True,
        )
        assert {row["id"] for row in json.loads(done.stdout)} == rows_containing(table, word)
