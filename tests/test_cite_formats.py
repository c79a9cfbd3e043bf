"""Citations for reference managers, checked by the tools that read them: CSL-JSON valid
against the CSL data schema (vendored, tests/fixtures/csl-data.md) and rendered by
citeproc-py in APA 7 and GB/T 7714-2015 (styles vendored, tests/fixtures/csl/README.md);
RIS read by rispy, with only the tags Zotero maps to a web page; BibTeX read by
bibtexparser; CITATION.cff valid (and converted by cffconvert where it is installed)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import DATA, FIXTURES

from tzcli.cli import cli
from tzcli.dataset import load

jsonschema = pytest.importorskip("jsonschema")

SCHEMA = json.loads((FIXTURES / "csl-data.json").read_text(encoding="utf-8"))


def run(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def validate(doc: object) -> None:
    jsonschema.Draft3Validator(SCHEMA).validate(doc)


@pytest.mark.parametrize(
    "record", [[], ["economy.tax_revenue"], ["poverty.households_enrolled_less_lifted"]]
)
def test_csl_json_validates_against_the_csl_schema(record: list[str]) -> None:
    doc = json.loads(run("cite", *record, "--style", "csl-json", "--accessed", "2026-01-02"))
    validate(doc)
    (item,) = doc
    meta = load(None).meta
    whole = item["container-title"] if record else item["title"]
    assert item["type"] == "webpage" and whole == f"{meta.title_zh} [{meta.title_en}]"
    assert item["URL"] == meta.url
    assert item["issued"] == {"date-parts": [[2017, 2, 28]]}
    assert item["accessed"] == {"date-parts": [[2026, 1, 2]]}
    assert item["author"] == [{"literal": "定陶政府网"}]
    assert "publisher" not in item  # the site is the author: said once
    if record:
        figure = load(None).figure(record[0])
        assert item["id"] == f"tianzhong_2017:{record[0]}"
        assert figure.subject_zh in item["title"]
        assert (figure.quote or figure.formula or "") in item["title"]
        assert item["container-title"] == f"{meta.title_zh} [{meta.title_en}]"
    else:
        assert "container-title" not in item


def test_the_schema_check_can_fail() -> None:
    doc = json.loads(run("cite", "--style", "csl-json", "--accessed", "2026-01-02"))
    doc[0]["issued"] = {"date-parts": [[2017, 2, 28, 9]]}  # a date has at most 3 parts
    with pytest.raises(jsonschema.ValidationError):
        validate(doc)
    doc[0].pop("issued")
    doc[0]["typo"] = 1
    with pytest.raises(jsonschema.ValidationError):
        validate(doc)


#: The RIS tags Zotero's RIS translator maps to fields of a web page (TY ELEC), from its
#: field map: anything else (PB, for one) lands in a note.
ZOTERO_WEBPAGE_TAGS = {"TY", "TI", "AU", "T2", "M3", "DA", "PY", "Y2", "UR", "LA", "N1", "ST", "ER"}


@pytest.mark.parametrize("record", [[], ["economy.tax_revenue"]])
def test_ris_is_read_by_rispy_with_the_tags_zotero_maps(record: list[str]) -> None:
    rispy = pytest.importorskip("rispy", reason="rispy is in the test extra")
    out = run("cite", *record, "--style", "ris", "--accessed", "2026-01-02")
    lines = out.rstrip("\n").split("\n")
    assert all(line[2:6] == "  - " for line in lines), lines
    assert {line[:2] for line in lines} <= ZOTERO_WEBPAGE_TAGS
    assert lines[0] == "TY  - ELEC" and lines[-1] == "ER  - "
    (entry,) = rispy.loads(out)
    assert entry["type_of_reference"] == "ELEC"
    assert entry["authors"] == ["定陶政府网"]
    assert entry["year"] == "2017" and entry["date"] == "2017/02/28"
    assert entry["urls"] == ["http://dingtao.gov.cn/contents/2699/100818.html"]
    assert entry["access_date"] == "2026/01/02"
    if record:
        assert "实现税收11334万元" in entry["title"]
        assert entry["secondary_title"].startswith("紧跟时代步伐 促进全面发展 [Keeping pace")
    else:
        assert entry["title"].startswith("紧跟时代步伐 促进全面发展 [Keeping pace")
        assert "secondary_title" not in entry  # the site is the author, not also the website


@pytest.mark.parametrize("record", [[], ["economy.tax_revenue"]])
def test_bibtex_is_read_by_bibtexparser_with_langid(record: list[str]) -> None:
    bibtexparser = pytest.importorskip("bibtexparser", reason="bibtexparser is in the test extra")
    out = run("cite", *record, "--style", "bibtex", "--accessed", "2026-01-02")
    library = bibtexparser.parse_string(out)
    assert not library.failed_blocks
    (entry,) = library.entries
    fields = {f.key: f.value for f in entry.fields}
    assert entry.entry_type == "online"
    assert entry.key == ("tianzhong_2017:" + record[0] if record else "tianzhong_2017")
    assert fields["langid"] == "chinese" and fields["date"] == "2017-02-28"
    assert fields["author"] == "{定陶政府网}"  # a body, not a person: braced, once
    assert "howpublished" not in fields and "publisher" not in fields
    assert "Keeping pace with the times" in (fields["note"] if record else fields["title"])
    if record:
        assert "实现税收11334万元" in fields["title"]


def test_no_url_when_the_meta_has_none(tmp_path: Path) -> None:
    text = (DATA / "tianzhong.toml").read_text(encoding="utf-8")
    start = text.index("url = ")
    path = tmp_path / "nourl.toml"
    path.write_text(text[:start] + text[text.index("\n", start) + 1 :], encoding="utf-8")
    for style in ("csl-json", "ris"):
        out = run("--data", str(path), "cite", "--style", style)
        assert "http" not in out
    validate(json.loads(run("--data", str(path), "cite", "--style", "csl-json")))


def test_csl_json_of_the_minimal_dataset() -> None:
    validate(
        json.loads(run("--data", str(FIXTURES / "minimal.toml"), "cite", "--style", "csl-json"))
    )


# --------------------------------------------------------------------------
# Rendered by citeproc-py in the styles people use

CSL = FIXTURES / "csl"
STYLES = {"apa": "apa.csl", "gbt7714": "china-national-standard-gb-t-7714-2015-numeric.csl"}


def render(items: list[dict[str, object]], style: str) -> list[str]:
    """The bibliography citeproc-py makes of ``items`` in a vendored style, as plain text."""
    citeproc = pytest.importorskip("citeproc", reason="citeproc-py is in the test extra")
    from citeproc.source.json import CiteProcJSON

    csl = citeproc.CitationStylesStyle(str(CSL / STYLES[style]), validate=False)
    bibliography = citeproc.CitationStylesBibliography(
        csl, CiteProcJSON(items), citeproc.formatter.plain
    )
    for item in items:
        bibliography.register(citeproc.Citation([citeproc.CitationItem(item["id"])]))
    return [str(entry) for entry in bibliography.bibliography()]


def csl_items(*records: str) -> list[dict[str, object]]:
    return [
        json.loads(run("cite", *r, "--style", "csl-json", "--accessed", "2026-11-25"))[0]
        for r in ([], *[[r] for r in records])
    ]


@pytest.mark.parametrize("style", STYLES)
def test_the_interview_and_a_figure_are_two_entries_with_the_quote(style: str) -> None:
    """Cited together, the interview and a figure are two different entries; the figure's
    prints its subject and quote; the site is named once in each."""
    interview, figure = render(csl_items("poverty.people_lifted"), style)
    assert interview != figure
    assert "“完成脱贫人口770户、2041人”" in figure and "脱贫人数" in figure
    assert "完成脱贫人口" not in interview
    for entry in (interview, figure):
        assert entry.count("定陶政府网") == 1, entry
        assert "http://dingtao.gov.cn/contents/2699/100818.html" in entry
    if style == "apa":  # APA 7 prints the English title, and a figure in the interview
        assert "[Keeping pace with the times, promoting all-round development]" in interview
        assert "紧跟时代步伐 促进全面发展 [Keeping pace" in figure


@pytest.mark.parametrize(
    "record", [[], ["poverty.people_lifted"], ["poverty.households_lifted_over_enrolled"]]
)
def test_tzcli_s_apa_is_what_citeproc_makes_of_its_csl(record: list[str]) -> None:
    """``tzcli cite`` prints what a reference manager prints in APA 7 for the CSL-JSON it
    exports (the interview, a quoted figure, a figure computed by tzcli)."""
    (item,) = json.loads(run("cite", *record, "--style", "csl-json", "--accessed", "2026-11-25"))
    (rendered,) = render([item], "apa")
    assert run("cite", *record, "--accessed", "2026-11-25").rstrip("\n") == rendered


@pytest.mark.parametrize("record", [[], ["poverty.people_lifted"]])
def test_tzcli_s_gbt7714_has_what_the_gbt_style_prints(record: list[str]) -> None:
    """tzcli's own GB/T 7714 is fuller (the subtitle, the site's section, ``//`` before
    the interview a figure is in) but holds every part of the style's entry."""
    (item,) = json.loads(run("cite", *record, "--style", "csl-json", "--accessed", "2026-11-25"))
    (rendered,) = render([item], "gbt7714")
    ours = run("--lang", "zh", "cite", *record, "--accessed", "2026-11-25")
    assert rendered.startswith("[1]定陶政府网. ")
    for part in (
        "[EB/OL]",
        "(2017-02-28)[2026-11-25]",
        "http://dingtao.gov.cn/contents/2699/100818.html.",
    ):
        assert part in rendered and part in ours
    if record:
        quote = "“完成脱贫人口770户、2041人”"
        assert quote in rendered and f"脱贫人数: {quote}[EB/OL]//紧跟时代步伐" in ours


# --------------------------------------------------------------------------
# CITATION.cff


def CITATION_KEYS(root: Path) -> set[str]:  # noqa: N802
    import yaml

    return set(yaml.safe_load((root / "CITATION.cff").read_text(encoding="utf-8")))


def test_citation_cff_is_valid_and_names_its_version() -> None:
    """Valid against the CFF 1.2.0 schema; its version is the package's, released on the
    CHANGELOG's date. Its ``url`` is the project's home page as pyproject.toml names it, and
    absent while the project has none: never invented."""
    import re
    import sys

    from conftest import ROOT

    if sys.version_info >= (3, 11):
        import tomllib
    else:
        import tomli as tomllib
    yaml = pytest.importorskip("yaml")
    text = (ROOT / "CITATION.cff").read_text(encoding="utf-8")
    doc = yaml.safe_load(text)
    schema = json.loads((FIXTURES / "citation-cff-1.2.0.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft7Validator(schema).validate(json.loads(json.dumps(doc, default=str)))
    from tzcli import __version__

    assert doc["version"] == __version__
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    released = re.search(
        rf"^## \[?{re.escape(__version__)}\]?\D+(\d{{4}}-\d{{2}}-\d{{2}})", changelog, re.M
    )
    if released:
        assert str(doc.get("date-released")) == released.group(1)
    else:
        assert "## Unreleased" in changelog and "date-released" not in doc
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert doc.get("url") == project.get("urls", {}).get("Homepage")


def test_cffconvert_makes_bibtex_with_year_and_url(tmp_path: Path) -> None:
    """cffconvert pins jsonschema 3, which the test extra's frictionless cannot share:
    it runs from its own environment, named by TZCLI_TEST_CFFCONVERT."""
    import os
    import subprocess

    from conftest import ROOT

    tool = os.environ.get("TZCLI_TEST_CFFCONVERT")
    if not tool:
        pytest.skip("set TZCLI_TEST_CFFCONVERT to a cffconvert executable (its own venv)")
    subprocess.run([tool, "--validate", "-i", str(ROOT / "CITATION.cff")], check=True)
    done = subprocess.run(
        [tool, "-f", "bibtex", "-i", str(ROOT / "CITATION.cff")],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "title = {tzcli" in done.stdout and "author = {" in done.stdout, done.stdout
    doc = CITATION_KEYS(ROOT)
    for key, field in (("date-released", "year = {"), ("url", "url = {")):
        assert (key in doc) == (field in done.stdout), (key, done.stdout)
