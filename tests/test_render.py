"""render's own CSV and JSON writers agree with the standard library's."""

from __future__ import annotations

import csv
import io
import json
from typing import List

from hypothesis import given, settings
from hypothesis import strategies as st

from tzcli.render import _csv_line, _json_string

TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=12)


@settings(max_examples=400, deadline=None)
@given(st.lists(TEXT, min_size=1, max_size=4))
def test_csv_line_reads_back_and_matches_the_csv_module(cells: List[str]) -> None:
    line = _csv_line(cells)
    assert next(csv.reader(io.StringIO(line + "\n"))) == cells
    if not any("\r" in c for c in cells):  # where the module leaves a bare CR unquoted
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\n").writerow(cells)
        assert buf.getvalue() == line + "\n"


@settings(max_examples=400, deadline=None)
@given(TEXT)
def test_json_string_reads_back_and_is_printable(text: str) -> None:
    out = _json_string(text)
    assert json.loads(out) == text
    for ch in "\x1b\x07\x08\r\x7f\u202e\u2028":
        assert ch not in out


def test_json_string_keeps_chinese() -> None:
    assert _json_string("农村人口3.4万人") == '"农村人口3.4万人"'
    assert _json_string('a"b\\c\n') == '"a\\"b\\\\c\\n"'
