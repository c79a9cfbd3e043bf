"""The Frictionless data package: ``frictionless validate`` (the real tool) passes,
every table is there as UTF-8 csv, the descriptor holds types, units,
descriptions, keys, the source and the licence; and the folder is written
atomically and never replaces anything without --force."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import FIXTURES

from tzcli import exports as exporter
from tzcli import files
from tzcli.cli import cli
from tzcli.dataset import load

# In-process calls read the bundled data from a cache filled once a run (this module
# tests nothing of the cache): not a parse of it in every test.
pytestmark = pytest.mark.usefixtures("warm_cache")

frictionless = pytest.importorskip("frictionless", reason="frictionless is in the test extra")

TABLES = {
    "figures",
    "projects",
    "plan_entries",
    "plans",
    "villages",
    "village_mentions",
    "notes",
    "topics",
    "sections",
    "sources",
    "figure_villages",
    "figure_inputs",
    "project_villages",
    "note_refs",
    "section_measures",
}


def export(folder: Path, *extra: str) -> Any:
    return CliRunner().invoke(cli, [*extra, "export", "-f", "datapackage", "-o", str(folder)])


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("dp") / "tz"
    result = export(folder)
    assert result.exit_code == 0, result.output
    return folder


def test_frictionless_validates_it(package: Path) -> None:
    """Frictionless's own validation (its Python API, as the command runs it): types,
    keys and foreign keys of every table."""
    report = frictionless.validate(str(package / "datapackage.json"))
    assert report.valid, report.flatten(["type", "note"])[:20]
    assert {task.name for task in report.tasks} == TABLES


@pytest.mark.slow  # the command takes ~4 s to start; the test above validates the same
def test_frictionless_validate_passes(package: Path) -> None:
    """The command line users run, as a subprocess."""
    exe = Path(sys.executable).with_name("frictionless")
    command = [str(exe)] if exe.exists() else [sys.executable, "-m", "frictionless"]
    done = subprocess.run(
        [*command, "validate", "--json", str(package / "datapackage.json")],
        capture_output=True,
        text=True,
    )
    report = json.loads(done.stdout)
    assert done.returncode == 0 and report["valid"], done.stdout[-3000:]
    assert {task["name"] for task in report["tasks"]} == TABLES


def test_a_broken_reference_fails_validation(package: Path, tmp_path: Path) -> None:
    """The foreign keys are checked: the validation above could fail."""
    import shutil

    broken = tmp_path / "broken"
    shutil.copytree(package, broken)
    text = (broken / "figures.csv").read_text(encoding="utf-8")
    (broken / "figures.csv").write_text(
        text.replace(",social_assistance,", ",no_such_topic,", 1), encoding="utf-8"
    )
    report = frictionless.validate(str(broken / "datapackage.json"))
    assert not report.valid
    assert "foreign-key" in {e.type for task in report.tasks for e in task.errors}


def test_every_table_as_utf8_csv_with_its_rows(package: Path) -> None:
    ds = load(None)
    assert {p.stem for p in package.glob("*.csv")} == TABLES
    for path in package.glob("*.csv"):
        assert not path.read_bytes().startswith(b"\xef\xbb\xbf")
    with open(package / "figures.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["id"] for r in rows] == [f.id for f in ds.figures]
    by_id = {r["id"]: r for r in rows}
    for fig in ds.figures:
        # exact, no float rounding; derived figures to their decimals, as in every output
        assert Decimal(by_id[fig.id]["value"]) == fig.shown_value()
        assert by_id[fig.id]["quote"] == (fig.quote or "")
        assert by_id[fig.id]["derived"] == ("true" if fig.derived else "false")
    with open(package / "projects.csv", encoding="utf-8", newline="") as handle:
        names = {r["id"]: r["name_zh"] for r in csv.DictReader(handle)}
    assert names["runxin_chp"] == "润鑫热电联产项目"


def test_descriptor_types_units_descriptions_keys_source_licence(package: Path) -> None:
    doc = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))
    meta = load(None).meta
    assert doc["licenses"][0]["name"] == "MIT"
    assert doc["sources"][0]["path"] == meta.url
    resources = {r["name"]: r for r in doc["resources"]}
    assert set(resources) == TABLES
    for res in resources.values():
        assert res["encoding"] == "utf-8" and res["description"]
        for field in res["schema"]["fields"]:
            assert field["description"] and field["type"], (res["name"], field)
            if field["type"] in ("integer", "number") and field["name"] not in ("year",):
                assert "unit" in field or "unitColumn" in field, (res["name"], field)
    fields = {f["name"]: f for f in resources["figures"]["schema"]["fields"]}
    assert fields["value"]["type"] == "number" and fields["value"]["unitColumn"] == "unit"
    assert fields["derived"]["type"] == "boolean"
    # Table Schema 1's types only (R's frictionless refuses any other), the list's
    # delimiter named beside it
    assert fields["inputs"]["type"] == "string" and fields["inputs"]["delimiter"] == ";"
    r_types = {"string", "number", "integer", "boolean", "object", "array", "date", "time"}
    r_types |= {"datetime", "year", "yearmonth", "duration", "geopoint", "geojson", "any"}
    for res in doc["resources"]:
        assert {f["type"] for f in res["schema"]["fields"]} <= r_types, res["name"]
    assert fields["value_text"]["type"] == "string"
    assert fields["year"]["type"] == "integer"
    assert fields["note_zh"]["type"] == "string"  # `frictionless describe` inferred `any`
    proj = {f["name"]: f for f in resources["projects"]["schema"]["fields"]}
    assert proj["investment"]["unit"] == "yuan"
    assert resources["figures"]["schema"]["primaryKey"] == ["key"]  # SOURCE:ID
    refs = {
        (fk["fields"][0], fk["reference"]["resource"])
        for fk in resources["figures"]["schema"]["foreignKeys"]
    }
    assert ("topic", "topics") in refs and ("section_key", "sections") in refs
    self_refs = resources["sections"]["schema"]["foreignKeys"]
    assert {"fields": ["parent_key"], "reference": {"resource": "", "fields": ["key"]}} in self_refs


def test_the_minimal_dataset_validates_too(tmp_path: Path) -> None:
    result = export(tmp_path / "min", "--data", str(FIXTURES / "minimal.toml"))
    assert result.exit_code == 0, result.output
    report = frictionless.validate(str(tmp_path / "min" / "datapackage.json"))
    assert report.valid, report.flatten(["type", "note"])[:5]


# --------------------------------------------------------------------------
# The folder: atomic, never replaced without --force, only a data package replaced


def test_an_existing_folder_is_refused_without_force(package: Path, tmp_path: Path) -> None:
    target = tmp_path / "mine"
    target.mkdir()
    (target / "keep.txt").write_text("mine", encoding="utf-8")
    for extra in ([], ["--force"]):
        result = CliRunner().invoke(cli, ["export", "-f", "datapackage", "-o", str(target), *extra])
        assert result.exit_code == 1, result.output
        assert len(result.stderr.strip().splitlines()) == 1
    assert sorted(p.name for p in target.iterdir()) == ["keep.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine"]


def test_a_file_is_never_replaced_by_a_folder(tmp_path: Path) -> None:
    target = tmp_path / "mine"
    target.write_text("mine", encoding="utf-8")
    for extra in ([], ["--force"]):
        result = CliRunner().invoke(cli, ["export", "-f", "datapackage", "-o", str(target), *extra])
        assert result.exit_code == 1, result.output
    assert target.read_text(encoding="utf-8") == "mine"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine"]


def test_force_replaces_an_older_data_package(tmp_path: Path) -> None:
    target = tmp_path / "tz"
    assert export(target).exit_code == 0
    before = (target / "figures.csv").read_bytes()
    (target / "figures.csv").write_text("old", encoding="utf-8")
    assert export(target).exit_code == 1
    result = CliRunner().invoke(cli, ["export", "-f", "datapackage", "-o", str(target), "--force"])
    assert result.exit_code == 0, result.output
    assert (target / "figures.csv").read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tz"]


def test_force_replaces_only_the_files_the_older_package_lists(tmp_path: Path) -> None:
    """Issue 24 item 2: ``-o pkg --force`` deleted everything in pkg, a NOTES.txt and a
    data file of the user's too. Now the files of the older package (its
    ``datapackage.json`` lists them) are replaced, one it listed that is no longer
    written goes, and nothing else in the folder is touched."""
    target = tmp_path / "tz"
    assert export(target).exit_code == 0
    (target / "NOTES.txt").write_text("my notes", encoding="utf-8")
    (target / "mine.toml").write_text("x = 1", encoding="utf-8")
    doc = json.loads((target / "datapackage.json").read_text(encoding="utf-8"))
    doc["resources"].append({"name": "gone", "path": "gone.csv"})
    (target / "datapackage.json").write_text(json.dumps(doc), encoding="utf-8")
    (target / "gone.csv").write_text("a\n1\n", encoding="utf-8")
    (target / "figures.csv").write_text("old", encoding="utf-8")
    result = CliRunner().invoke(cli, ["export", "-f", "datapackage", "-o", str(target), "--force"])
    assert result.exit_code == 0, result.output
    assert (target / "NOTES.txt").read_text(encoding="utf-8") == "my notes"
    assert (target / "mine.toml").read_text(encoding="utf-8") == "x = 1"
    assert not (target / "gone.csv").exists()
    assert (target / "figures.csv").read_text(encoding="utf-8").startswith("id,")
    assert "gone" not in (target / "datapackage.json").read_text(encoding="utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tz"]


@pytest.mark.parametrize("existing", [True, False], ids=["existing", "new"])
def test_failure_half_way_leaves_the_old_folder_and_no_temporary_one(
    tmp_path: Path, existing: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    from tzcli.exports import datapackage

    target = tmp_path / "tz"
    if existing:
        assert export(target).exit_code == 0
    before = sorted(os.listdir(target)) if existing else None
    real = datapackage.write

    def failing(ds: Any, folder: Path) -> None:
        real(ds, folder)
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(datapackage, "write", failing)
    args = ["export", "-f", "datapackage", "-o", str(target)] + (["--force"] if existing else [])
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1 and "No space left" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == (["tz"] if existing else [])
    if existing:
        assert sorted(os.listdir(target)) == before


def test_written_to_a_temporary_folder_beside_it_then_renamed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "tz"
    renames: list[tuple[Path, Path, bool]] = []
    real = os.replace

    def spy(src: Any, dst: Any) -> None:
        renames.append((Path(src), Path(dst), (Path(src) / "datapackage.json").is_file()))
        real(src, dst)

    monkeypatch.setattr(files.os, "replace", spy)
    assert export(target).exit_code == 0
    ((src, dst, complete),) = [r for r in renames if r[1] == target]  # not the cache's
    assert src.parent == tmp_path and src.name.startswith(".tz.")
    assert complete  # the whole package was there before the rename


def test_datapackage_cannot_go_to_stdout() -> None:
    result = CliRunner().invoke(cli, ["export", "-f", "datapackage", "-o", "-"])
    assert result.exit_code == 2 and "stdout" in result.stderr


@pytest.mark.parametrize("when", ["writing", "renaming"])
def test_ctrl_c_keeps_the_old_package(
    tmp_path: Path, when: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Interrupted while the new package is written, or between moving the old one
    aside and renaming the new one into place: the old one is there, as it was."""
    from tzcli.dataset import load as load_data
    from tzcli.exports import datapackage

    target = tmp_path / "tz"
    assert export(target).exit_code == 0
    (target / "figures.csv").write_text("old", encoding="utf-8")
    if when == "writing":
        real = datapackage.write

        def interrupted(ds: Any, folder: Path) -> None:
            real(ds, folder)
            raise KeyboardInterrupt

        monkeypatch.setattr(datapackage, "write", interrupted)
    else:
        real_replace = os.replace
        calls = []

        def replace(src: Any, dst: Any) -> None:
            if Path(dst) == target and Path(src).name.endswith(".tmp") and not calls:
                calls.append(src)  # the new package's rename, once: not the restore
                raise KeyboardInterrupt
            real_replace(src, dst)

        monkeypatch.setattr(files.os, "replace", replace)
    with pytest.raises(KeyboardInterrupt):
        exporter.write(load_data(None), "datapackage", str(target), force=True)
    monkeypatch.undo()
    assert (target / "figures.csv").read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tz"]
