"""How well ``tzcli draft`` finds the figures of a text, and how fast.

- On the seed interview (``../shared/seed/*.txt``, when it is there): the
  draft's figures against the stated figures of the bundled dataset. A figure
  is found when a candidate has the same value, value_max, unit and qualifier
  and its numeral lies inside (an occurrence of) the figure's quote; each
  candidate finds at most one figure. Recall = found / stated figures,
  precision = found / candidates. Every miss and every extra is printed.
- On each made-up text of tests/fixtures/draft/: against its hand-made list
  (same numeral as printed, value, value_max, unit, qualifier), and the
  share of those with the expected year.
- With ``--heldout DIR``: each DIR/NAME.txt against DIR/labels.json (real texts
  labelled by hand, kept out of the repository), in the table and then alone.
- The time of ``extract`` and of ``draft_toml`` on a 10,000-character text.

Standard library only (and tzcli). Run: ``python benchmarks/draft.py``.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections import Counter
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "draft"


def _seed_folder() -> Path:
    """``../shared/seed`` of the checkout (or of the folder holding worktrees), or $TZCLI_SEED."""
    import os

    if os.environ.get("TZCLI_SEED"):
        return Path(os.environ["TZCLI_SEED"])
    for up in (ROOT.parent, ROOT.parent.parent):
        if (up / "shared" / "seed").is_dir():
            return up / "shared" / "seed"
    return ROOT.parent / "shared" / "seed"


SEED = _seed_folder()
FIXTURE_NAMES = (
    "qinghe-interview",
    "donghu-summary",
    "hexi-report",
    "nanshan-midyear",
    "shimen-review",
)


def seed_text(folder: Path | None = None) -> str | None:
    folder = SEED if folder is None else folder
    texts = sorted(folder.glob("*.txt")) if folder.is_dir() else []
    if not texts:
        return None
    return "\n".join(p.read_text(encoding="utf-8") for p in texts)


def score_seed(text: str) -> dict[str, Any]:
    """Recall and precision of the draft of ``text`` against the bundled dataset."""
    from tzcli.dataset import load
    from tzcli.draft import extract

    figures = [f for f in load(use_cache=False).figures if not f.derived and f.quote]
    cands = extract(text)
    spans: list[list[tuple[int, int]]] = []
    for fig in figures:
        assert fig.quote is not None
        where, at = [], text.find(fig.quote)
        while at >= 0:
            where.append((at, at + len(fig.quote)))
            at = text.find(fig.quote, at + 1)
        spans.append(where)

    def fits(ci: int, fi: int) -> bool:
        c, f = cands[ci], figures[fi]
        same = (c.value, c.value_max, c.unit, c.qualifier) == (
            f.value,
            f.value_max,
            f.unit,
            f.qualifier,
        )
        first = c.start + c.text.find(c.number[:1])
        return same and any(a <= first < b for a, b in spans[fi])

    options = {fi: [ci for ci in range(len(cands)) if fits(ci, fi)] for fi in range(len(figures))}
    owner: dict[int, int] = {}  # candidate → figure: a maximum matching (Kuhn's algorithm)

    def assign(fi: int, seen: set[int]) -> bool:
        for ci in options[fi]:
            if ci not in seen:
                seen.add(ci)
                if ci not in owner or assign(owner[ci], seen):
                    owner[ci] = fi
                    return True
        return False

    for fi in sorted(options, key=lambda f: len(options[f])):
        assign(fi, set())
    found = set(owner.values())
    years_right = sum(cands[ci].year == figures[fi].year for ci, fi in owner.items())
    return {
        "years_right": years_right / len(owner) if owner else 1.0,
        "stated": len(figures),
        "candidates": len(cands),
        "found": len(found),
        "recall": len(found) / len(figures),
        "precision": len(owner) / len(cands) if cands else 0.0,
        "missed": [figures[fi] for fi in range(len(figures)) if fi not in found],
        "extra": [cands[ci] for ci in range(len(cands)) if ci not in owner],
    }


def _record(fig: dict[str, Any] | list[Any]) -> dict[str, Any]:
    """A hand-made figure: a fixture's dict, or a held-out list
    ``[number, value, unit, qualifier, year]`` (year: an int, "span", or null)."""
    if isinstance(fig, list):
        number, value, unit, qualifier, year = fig
        return {
            "number": number,
            "value": value,
            "unit": unit,
            "qualifier": qualifier,
            "year": year,
        }
    return fig


def score_figures(text: str, expected: list[dict[str, Any]], **years: Any) -> dict[str, Any]:
    """Recall, precision, qualifier and year accuracy of ``extract(text)`` against a
    hand-made list. A candidate finds a figure with the same numeral as printed, value
    (and value_max where the list gives one) and unit; of those found, the share with
    the right qualifier, and with the right year (where the list gives one: a year, or
    "span" for a figure whose year_end must be set)."""
    from tzcli.draft import extract

    cands = extract(text, **years)
    pool: dict[tuple[Any, ...], list[Any]] = {}
    for c in cands:
        pool.setdefault((c.number, c.value, c.unit), []).append(c)
    found, qualifiers, dated, years_right = 0, 0, 0, 0
    missed, wrong = [], []
    for fig in map(_record, expected):
        key = (fig["number"], Decimal(fig["value"]), fig["unit"])
        options = pool.get(key, [])
        if fig.get("value_max"):
            options = [c for c in options if c.value_max == Decimal(fig["value_max"])]
        if not options:
            missed.append(key)
            continue

        # prefer the candidate that is right on qualifier and year
        best = max(
            options,
            key=lambda c, f=fig: (c.qualifier == f["qualifier"]) + (c.year == f.get("year")),
        )
        pool[key].remove(best)
        found += 1
        qualifiers += best.qualifier == fig["qualifier"]
        if best.qualifier != fig["qualifier"]:
            wrong.append(("qualifier", key, best.qualifier, fig["qualifier"]))
        year = fig.get("year")
        if year is not None:
            dated += 1
            right = best.year_end is not None if year == "span" else best.year == year
            years_right += right
            if not right:
                wrong.append(("year", key, best.year, year))
    extra = [k for k, left in pool.items() for _ in left]
    return {
        "expected": len(expected),
        "candidates": len(cands),
        "found": found,
        "recall": found / len(expected) if expected else 1.0,
        "precision": found / len(cands) if cands else 1.0,
        "qualifiers": qualifiers / found if found else 1.0,
        "years_right": years_right / dated if dated else 1.0,
        "dated": dated,
        "missed": missed,
        "extra": extra,
        "wrong": wrong,
    }


def score_fixture(name: str) -> dict[str, Any]:
    """Recall, precision, qualifiers and years on one made-up text, without --year."""
    text = (FIXTURES / f"{name}.txt").read_text(encoding="utf-8")
    expected = json.loads((FIXTURES / f"{name}.expected.json").read_text(encoding="utf-8"))
    return score_figures(text, expected["figures"])


def score_folder(folder: Path) -> dict[str, dict[str, Any]]:
    """Each NAME.txt of ``folder`` against ``labels.json`` (NAME → {"figures": [...]}):
    the held-out texts, labelled by hand and kept out of the repository."""
    labels = json.loads((folder / "labels.json").read_text(encoding="utf-8"))
    out = {}
    for name, label in labels.items():
        text = (folder / f"{name}.txt").read_text(encoding="utf-8")
        out[name] = score_figures(text, label["figures"])
    return out


def table(scores: dict[str, dict[str, Any]]) -> list[str]:
    """A Markdown table of the scores, with a total row (sums, not means of shares)."""
    rows = [
        "| text | figures | recall | precision | qualifiers | years |",
        "|---|---|---|---|---|---|",
    ]
    total = Counter()
    for name, s in scores.items():
        rows.append(
            f"| {name} | {s['expected']} | {s['recall']:.1%} | {s['precision']:.1%} | "
            f"{s['qualifiers']:.1%} | " + (f"{s['years_right']:.1%} |" if s["dated"] else "– |")
        )
        total["expected"] += s["expected"]
        total["found"] += s["found"]
        total["candidates"] += s["candidates"]
        total["qualifiers"] += round(s["qualifiers"] * s["found"])
        total["dated"] += s["dated"]
        total["years"] += round(s["years_right"] * s["dated"])
    if len(scores) > 1:
        t = total
        recall = t["found"] / max(1, t["expected"])
        precision = t["found"] / max(1, t["candidates"])
        rows.append(
            f"| all | {t['expected']} | {recall:.1%} | {precision:.1%} | "
            f"{t['qualifiers'] / max(1, t['found']):.1%} | {t['years'] / max(1, t['dated']):.1%} |"
        )
    return rows


def long_text(size: int = 10_000) -> str:
    """A text of exactly ``size`` characters: the seed and the fixtures, repeated."""
    parts = [(FIXTURES / f"{n}.txt").read_text(encoding="utf-8") for n in FIXTURE_NAMES]
    seed = seed_text()
    if seed:
        parts.insert(0, seed)
    text = ""
    while len(text) < size:
        text += "\n".join(parts) + "\n"
    return text[:size]


def timing(size: int, runs: int) -> dict[str, float]:
    from tzcli.draft import draft_toml, extract

    text = long_text(size)
    out: dict[str, float] = {}
    calls = (("extract", lambda: extract(text)), ("draft_toml", lambda: draft_toml(text)))
    for label, call in calls:
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            call()
            times.append(time.perf_counter() - start)
        out[label] = statistics.median(times)
    out["figures"] = float(len(extract(text)))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="timed runs (median) [5]")
    parser.add_argument("--size", type=int, default=10_000, help="characters to time [10000]")
    parser.add_argument(
        "--heldout",
        metavar="DIR",
        help="also score DIR/NAME.txt against DIR/labels.json (texts kept out of the repository)",
    )
    args = parser.parse_args(argv)
    text = seed_text()
    if text is None:
        print(f"seed interview: not found in {SEED} (skipped)")
    else:
        s = score_seed(text)
        print(
            f"seed interview: recall {s['recall']:.1%} ({s['found']}/{s['stated']} stated "
            f"figures), precision {s['precision']:.1%} ({s['found']}/{s['candidates']}), "
            f"year right {s['years_right']:.1%} (no --year)"
        )
        for fig in s["missed"]:
            print(f"  missed {fig.id}: {fig.value} {fig.unit} {fig.qualifier}  {fig.quote}")
        for c in s["extra"]:
            print(
                f"  extra  line {c.line}: {c.text} -> {c.value} {c.unit} {c.qualifier}  {c.quote}"
            )
    scores = {name: score_fixture(name) for name in FIXTURE_NAMES}
    held: dict[str, dict[str, Any]] = {}
    if args.heldout:
        held = score_folder(Path(args.heldout))
        scores.update(held)
    print("\n".join(table(scores)))
    if held:  # the real texts alone: the made-up ones were written for the rules
        print(f"held-out texts only ({args.heldout}):")
        print("\n".join(table(held)))
    print("  targets: recall >= 97%, precision >= 98%, qualifiers >= 98%, years >= 95% (no --year)")
    for name, f in scores.items():
        for item in f["missed"]:
            print(f"  {name}: missed {item}")
        for item in f["extra"]:
            print(f"  {name}: extra  {item}")
        for item in f["wrong"]:
            print(f"  {name}: wrong  {item}")
    t = timing(args.size, args.runs)
    print(
        f"time, {args.size} characters ({t['figures']:.0f} figures), median of {args.runs}: "
        f"extract {t['extract'] * 1000:.1f} ms, draft_toml {t['draft_toml'] * 1000:.1f} ms"
        f"  target < 1000 ms"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
