"""The Excel workbook, read back with openpyxl: one sheet per table, numbers as
numbers, Chinese intact, the header bold and frozen, widths set; and one clear
line when the extra (openpyxl) is not installed."""

from __future__ import annotations

import builtins
from decimal import Decimal
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

openpyxl = pytest.importorskip("openpyxl", reason="openpyxl is in the test extra")


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Any:
    path = tmp_path_factory.mktemp("xlsx") / "tz.xlsx"
    result = CliRunner().invoke(cli, ["export", "-f", "xlsx", "-o", str(path)])
    assert result.exit_code == 0, result.output
    return openpyxl.load_workbook(path)


def test_one_sheet_per_table_and_an_about_sheet(book: Any) -> None:
    ds = load(None)
    assert book.sheetnames == [t.name for t in tables(ds)] + ["about"]
    for table in tables(ds):
        sheet = book[table.name]
        assert [c.value for c in sheet[1]] == [c.name for c in table.columns]
        assert sheet.max_row == len(table.rows) + 1, table.name


def test_numbers_are_numbers_and_chinese_is_intact(book: Any) -> None:
    ds = load(None)
    sheet = book["figures"]
    header = [c.value for c in sheet[1]]
    rows = {r[0]: dict(zip(header, r, strict=True)) for r in sheet.iter_rows(2, values_only=True)}
    for fig in ds.figures:
        row = rows[fig.id]
        assert isinstance(row["value"], (int, float)) and not isinstance(row["value"], bool)
        # as every output shows it: derived figures to their decimals (docs/dataset-format.md)
        assert row["value"] == pytest.approx(float(fig.shown_value()))
        assert Decimal(row["value_text"]) == fig.shown_value()  # the decimal, as text
        assert row["year"] == fig.year and isinstance(row["year"], int)
        assert row["derived"] is fig.derived
        assert row["subject_zh"] == fig.subject_zh
        assert row["quote"] == fig.quote
    assert rows["profile.population_rural"]["value"] == 34000
    projects = {r[0]: r for r in book["projects"].iter_rows(2, values_only=True)}
    assert projects["runxin_chp"][1] == "润鑫热电联产项目"


def test_header_bold_and_frozen_widths_set(book: Any) -> None:
    for name in book.sheetnames[:-1]:
        sheet = book[name]
        assert sheet.freeze_panes == "A2", name
        assert all(cell.font.bold for cell in sheet[1]), name
        widths = [sheet.column_dimensions[c.column_letter].width for c in sheet[1]]
        assert all(6 <= w <= 62 for w in widths), (name, widths)
    sheet = book["figures"]
    width = {c.value: sheet.column_dimensions[c.column_letter].width for c in sheet[1]}
    assert width["quote"] > width["year"]  # wide enough for Chinese, which counts double


def test_the_about_sheet_names_source_licence_and_columns(book: Any) -> None:
    about = {r[0]: r[1] for r in book["about"].iter_rows(1, 3, values_only=True)}
    assert about["url"] == load(None).meta.url
    assert "MIT" in about["licence"]
    described = {(r[0], r[1]) for r in book["about"].iter_rows(6, values_only=True)}
    assert ("figures", "value") in described and ("projects", "investment") in described


def test_text_that_looks_like_a_formula_stays_text(tmp_path: Path) -> None:
    from tzcli.exports import xlsx

    assert xlsx.cell_value("=1+1", "string") == "=1+1"
    source = tmp_path / "f.toml"
    data = (Path(__file__).parent / "fixtures" / "minimal.toml").read_text(encoding="utf-8")
    source.write_text(data.replace('name_en = "', 'name_en = "=HYPERLINK(1)', 1), encoding="utf-8")
    out = tmp_path / "f.xlsx"
    result = CliRunner().invoke(
        cli, ["--data", str(source), "export", "-f", "xlsx", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    cells = [c for s in openpyxl.load_workbook(out) for row in s.iter_rows() for c in row]
    risky = [c for c in cells if isinstance(c.value, str) and c.value.startswith("=HYPERLINK")]
    assert risky and all(c.data_type == "s" for c in risky)


def test_missing_extra_is_one_clear_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_import = builtins.__import__

    def no_openpyxl(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "openpyxl" or name.startswith("openpyxl."):
            raise ModuleNotFoundError(f"No module named {name!r}")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_openpyxl)
    result = CliRunner().invoke(cli, ["export", "-f", "xlsx", "-o", str(tmp_path / "x.xlsx")])
    assert result.exit_code == 1
    assert result.stderr == "Error: xlsx needs openpyxl: pip install 'tzcli[xlsx]'\n"
    assert list(tmp_path.iterdir()) == []


def test_xlsx_refuses_to_overwrite_and_stdout(tmp_path: Path) -> None:
    target = tmp_path / "x.xlsx"
    target.write_bytes(b"mine")
    result = CliRunner().invoke(cli, ["export", "-f", "xlsx", "-o", str(target)])
    assert result.exit_code == 1 and "--force" in result.stderr
    assert target.read_bytes() == b"mine"
    assert CliRunner().invoke(cli, ["export", "-f", "xlsx", "-o", "-"]).exit_code == 2
    result = CliRunner().invoke(cli, ["export", "-f", "xlsx", "-o", str(target), "--force"])
    assert result.exit_code == 0 and openpyxl.load_workbook(target)["figures"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.xlsx"]


# --------------------------------------------------------------------------
# Issue 24 items 3, 8 and 10: nothing from the data runs, changes or breaks the export

MINIMAL_TEXT = (Path(__file__).parent / "fixtures" / "minimal.toml").read_text(encoding="utf-8")


def _export(tmp_path: Path, text: str, name: str = "f.toml") -> tuple[Any, Any]:
    source = tmp_path / name
    source.write_text(text, encoding="utf-8")
    out = tmp_path / "f.xlsx"
    result = CliRunner().invoke(
        cli, ["--data", str(source), "export", "-f", "xlsx", "-o", str(out)]
    )
    return result, out


def test_the_about_sheet_never_holds_a_formula_from_the_data(tmp_path: Path) -> None:
    """A ``site_zh`` of ``=cmd|' /C calc'!A0`` became a live formula on the about sheet."""
    evil = "=cmd|' /C calc'!A0"
    text = MINIMAL_TEXT.replace('site_zh = "定陶政府网"', f'site_zh = "{evil}"')
    text = text.replace('language = "zh"', 'language = "zh"\nurl = "=HYPERLINK(1)"')
    result, out = _export(tmp_path, text)
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(out)
    cells = [c for sheet in book for row in sheet.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type in ("f", "e")]
    about = book["about"]
    assert about["B1"].value.startswith(evil) and about["B2"].value == "=HYPERLINK(1)"


def test_xlsx_keeps_error_codes_and_long_integers_as_exact_text(tmp_path: Path) -> None:
    """``#N/A`` became an error cell; an integer beyond 15 digits a rounded float."""
    text = MINIMAL_TEXT.replace('site_en = "Dingtao', 'site_en = "#N/A Dingtao', 1)
    text = text.replace('subject_en = "rural population"', 'subject_en = "#N/A"', 1)
    text = text.replace("value = 34000\n", "value = 1234567890123456789\n", 1)
    result, out = _export(tmp_path, text)
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(out)
    figures = book["figures"]
    header = [c.value for c in figures[1]]
    row = next(r for r in figures.iter_rows(min_row=2) if r[0].value == "profile.population_rural")
    cells = dict(zip(header, row, strict=True))
    assert cells["subject_en"].value == "#N/A" and cells["subject_en"].data_type == "s"
    assert cells["value"].value == "1234567890123456789" and cells["value"].data_type == "s"
    assert book["sources"]["F2"].data_type == "s"


def test_xlsx_refuses_text_longer_than_a_cell_holds(tmp_path: Path) -> None:
    """Text over 32,767 characters was cut by the spreadsheet: now one line, no file."""
    long = "长" * 40_000
    text = MINIMAL_TEXT.replace('subject_en = "rural population"', f'subject_en = "{long}"', 1)
    result, out = _export(tmp_path, text)
    assert result.exit_code == 1, result.output
    line = result.stderr.strip()
    assert "\n" not in line and "32,767" in line and "40,000" in line, line
    assert not out.exists()


def test_a_data_file_named_with_a_control_character_exports_to_xlsx(tmp_path: Path) -> None:
    """openpyxl's IllegalCharacterError, with the raw ESC on the terminal: now the name is
    written with a visible escape."""
    result, out = _export(tmp_path, MINIMAL_TEXT, name="e\x1bvil.toml")
    assert result.exit_code == 0, (result.output, result.exc_info)
    assert "Traceback" not in result.stderr and "\x1b" not in result.output
    files = [r[-1] for r in openpyxl.load_workbook(out)["sources"].iter_rows(values_only=True)]
    assert files[1] == "e\\x1bvil.toml"
