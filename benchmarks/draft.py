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
FIXTURE_NAMES = ("qinghe-interview", "donghu-summary")


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
    return {
        "stated": len(figures),
        "candidates": len(cands),
        "found": len(found),
        "recall": len(found) / len(figures),
        "precision": len(owner) / len(cands) if cands else 0.0,
        "missed": [figures[fi] for fi in range(len(figures)) if fi not in found],
        "extra": [cands[ci] for ci in range(len(cands)) if ci not in owner],
    }


def _key(fig: dict[str, Any]) -> tuple[Any, ...]:
    high = fig.get("value_max")
    return (
        fig["number"],
        Decimal(fig["value"]),
        Decimal(high) if high else None,
        fig["unit"],
        fig["qualifier"],
    )


def score_fixture(name: str) -> dict[str, Any]:
    """Recall and precision on one made-up text against its hand-made list."""
    from tzcli.draft import extract

    text = (FIXTURES / f"{name}.txt").read_text(encoding="utf-8")
    expected = json.loads((FIXTURES / f"{name}.expected.json").read_text(encoding="utf-8"))
    cands = extract(text)
    want = Counter(_key(f) for f in expected["figures"])
    got = Counter((c.number, c.value, c.value_max, c.unit, c.qualifier) for c in cands)
    hit = sum((want & got).values())
    want_y = Counter((*_key(f), f["year"]) for f in expected["figures"])
    got_y = Counter((c.number, c.value, c.value_max, c.unit, c.qualifier, c.year) for c in cands)
    return {
        "expected": len(expected["figures"]),
        "candidates": len(cands),
        "found": hit,
        "recall": hit / len(expected["figures"]),
        "precision": hit / len(cands) if cands else 0.0,
        "years_right": sum((want_y & got_y).values()) / len(expected["figures"]),
        "missed": list((want - got).elements()),
        "extra": list((got - want).elements()),
    }


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
    args = parser.parse_args(argv)
    text = seed_text()
    if text is None:
        print(f"seed interview: not found in {SEED} (skipped)")
    else:
        s = score_seed(text)
        print(
            f"seed interview: recall {s['recall']:.1%} ({s['found']}/{s['stated']} stated "
            f"figures), precision {s['precision']:.1%} ({s['found']}/{s['candidates']})"
            f"  targets >= 98% / >= 95%"
        )
        for fig in s["missed"]:
            print(f"  missed {fig.id}: {fig.value} {fig.unit} {fig.qualifier}  {fig.quote}")
        for c in s["extra"]:
            print(
                f"  extra  line {c.line}: {c.text} -> {c.value} {c.unit} {c.qualifier}  {c.quote}"
            )
    for name in FIXTURE_NAMES:
        f = score_fixture(name)
        print(
            f"{name}: recall {f['recall']:.1%} ({f['found']}/{f['expected']}), precision "
            f"{f['precision']:.1%} ({f['found']}/{f['candidates']}), year right "
            f"{f['years_right']:.1%}  targets >= 95% / >= 95%"
        )
        for item in f["missed"]:
            print(f"  missed {item}")
        for item in f["extra"]:
            print(f"  extra  {item}")
    t = timing(args.size, args.runs)
    print(
        f"time, {args.size} characters ({t['figures']:.0f} figures), median of {args.runs}: "
        f"extract {t['extract'] * 1000:.1f} ms, draft_toml {t['draft_toml'] * 1000:.1f} ms"
        f"  target < 1000 ms"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
