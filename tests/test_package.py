"""The package as PyPI shows it and users unpack it: the licence in the sdist,
valid classifiers, a CITATION.cff valid against its schema, and a README whose
links work on PyPI (the wheel's licence: tests/test_install.py)."""

from __future__ import annotations

import datetime
import json
import re
import subprocess
import sys
import tarfile
from pathlib import Path
from typing import Any

import pytest
from conftest import FIXTURES, ROOT

from tzcli import __version__

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def test_classifiers_are_known_and_match_the_python_versions() -> None:
    trove = pytest.importorskip("trove_classifiers", reason="trove-classifiers: test extra")
    project = PYPROJECT["project"]
    unknown = [c for c in project["classifiers"] if c not in trove.classifiers]
    assert unknown == []
    versions = {
        c.rsplit(" ", 1)[1]
        for c in project["classifiers"]
        if re.fullmatch(r"Programming Language :: Python :: 3\.\d+", c)
    }
    assert versions == {"3.10", "3.11", "3.12", "3.13"}
    assert project["requires-python"] == ">=3.10"
    assert "Environment :: Console" in project["classifiers"]
    assert project["keywords"] and project["license"] == "MIT"


def test_licence_file_is_mit() -> None:
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License") and "WITHOUT WARRANTY" in text


@pytest.mark.slow
def test_sdist_carries_licence_citation_tests_and_data(tmp_path: Path) -> None:
    pytest.importorskip("hatchling", reason="hatchling (the build backend) is in the test extra")
    if not (ROOT / ".git").exists():
        pytest.skip("building an sdist from an unpacked sdist proves nothing new")
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from hatchling.build import build_sdist; print(build_sdist(sys.argv[1]))",
            str(tmp_path),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    (sdist,) = tmp_path.glob("tzcli-*.tar.gz")
    with tarfile.open(sdist) as tar:
        names = {n.split("/", 1)[1] for n in tar.getnames() if "/" in n}
    for wanted in (
        "LICENSE",
        "CITATION.cff",
        "README.md",
        "data/tianzhong.toml",
        "tests/conftest.py",
        "tests/fixtures/csl-data.json",
        "tests/fixtures/citation-cff-1.2.0.schema.json",
        "docs/draft-walkthrough.md",
    ):
        assert wanted in names, wanted
    assert not any(n.startswith(".ci/") for n in names)


def _plain(value: Any) -> Any:
    """YAML's dates as the strings CFF means."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def test_citation_cff_is_valid_and_current() -> None:
    yaml = pytest.importorskip("yaml", reason="pyyaml is in the test extra")
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((FIXTURES / "citation-cff-1.2.0.schema.json").read_text(encoding="utf-8"))
    doc = _plain(yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8")))
    jsonschema.Draft7Validator(schema).validate(doc)
    assert doc["version"] == __version__
    assert doc["license"] == PYPROJECT["project"]["license"]
    (interview,) = doc["references"]
    assert interview["url"] == "http://dingtao.gov.cn/contents/2699/100818.html"
    assert interview["date-published"] == "2017-02-28"
    broken = {**doc, "references": [{**interview, "type": "interview"}]}  # not a CFF type
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft7Validator(schema).validate(broken)


def relative_links(markdown: str) -> list[str]:
    """Links and images that PyPI cannot follow: neither absolute nor #anchors."""
    targets = re.findall(r"!?\[[^\]]*\]\(([^)\s]+)[^)]*\)", markdown)
    targets += re.findall(r"""(?:href|src)=["']([^"']+)["']""", markdown)
    return [t for t in targets if not re.match(r"(https?:|mailto:|#)", t)]


def test_relative_links_are_found() -> None:
    assert relative_links("[a](docs/x.md) [b](https://x.org) ![c](img.png) [d](#top)") == [
        "docs/x.md",
        "img.png",
    ]


def test_readme_has_no_links_that_break_on_pypi() -> None:
    assert relative_links((ROOT / "README.md").read_text(encoding="utf-8")) == []
