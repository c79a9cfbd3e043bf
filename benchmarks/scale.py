#!/usr/bin/env python3
"""How tzcli's cost grows with the data: synthetic datasets of 1,000, 10,000
and 100,000 figures.

Writes valid datasets in our schema (docs/dataset-format.md) to a temporary
folder, then times whole processes, interleaved round by round:

- bare ``tomllib.load`` of the file (its own time, measured inside the process);
- ``tzcli --data FILE facts --min 1000 --format tsv``, first call (empty cache);
- the same, repeated (the file unchanged: a cache hit);
- ``tzcli --data FILE validate`` (never uses the cache).

and prints medians, spread, time per 1,000 figures and peak memory (the
process's maximum resident set). Targets: time per 1,000 figures roughly
constant from 10k to 100k; at 100k the first call <= 1.5x and a repeated
call <= 0.25x the bare tomllib.load; peak memory linear.

    python benchmarks/scale.py [--sizes 1000,10000,100000] [--runs N] [--tzcli PATH]
    python benchmarks/scale.py --folder 1000 [--runs N] [--tzcli PATH]

``--folder N`` times a corpus instead: a folder of N copies of the bundled
interview's file, each its own source (``[meta] id`` s0001 …), sharing its ids as
comparable sources do (N = 1,000: about 95,000 figures). Against ``tomllib``
parsing every file (in one process, the load alone): the first call (empty
cache), a warm query (the same call again), and the call after one file is
edited (each round edits another, then waits out the cache's racy window).
Targets: first call <= 1.2x, warm query <= 0.1x, after an edit <= 0.1x.

Standard library only. On a machine where tomllib reads 100,000 figures
(23 MB) in about 8 s it takes about 3 minutes.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from _common import (  # noqa: E402
    Environment,
    find_tzcli,
    load_average,
    machine_line,
    python_of,
    run_measured,
    spread,
)

UNITS = ("yuan", "people", "households", "person-times", "mu", "m", "km", "m2", "count", "percent")
TOPICS = ("economy", "projects", "poverty", "agriculture", "social_assistance")

#: A cache entry is not written for a file changed in the last 2 s (tzcli.cache.RACY_SECONDS).
SETTLE_SECONDS = 2.5

_TOMLLIB = (
    "import sys, time\n"
    "try:\n    import tomllib\nexcept ImportError:\n    import tomli as tomllib\n"
    "start, cpu = time.perf_counter(), time.process_time()\n"
    "with open(sys.argv[1], 'rb') as f:\n    tomllib.load(f)\n"
    "print(time.perf_counter() - start, time.process_time() - cpu, file=sys.stderr)\n"
)


def write_dataset(path: str, figures: int, seed: int = 2017) -> None:
    """A valid dataset with ``figures`` figures: 1 in 100 derived from the two before it."""
    rnd = random.Random(seed)
    out = [
        f"# Synthetic tzcli dataset: {figures} figures (benchmarks/scale.py).",
        "schema_version = 1",
        "",
        "[meta]",
        'id = "synthetic"',
        'title_zh = "合成数据"',
        'title_en = "Synthetic data"',
        'quote = "合成数据"',
        'site_zh = "基准测试"',
        'site_en = "Benchmark"',
        'section_zh = "基准测试"',
        'section_en = "Benchmark"',
        'published = "2017-02-28"',
        'interviewee_zh = "某人"',
        'interviewee_en = "Someone"',
        'role_zh = "书记"',
        'role_en = "Secretary"',
        'host_zh = "主持人"',
        'host_en = "Host"',
        'place_zh = "某地"',
        'place_en = "Somewhere"',
        'language = "zh"',
        "",
        "[[meta.years]]",
        "year = 2016",
        'meaning_zh = "2016年工作成果"',
        'meaning_en = "results reported for 2016"',
        "",
        "[[meta.years]]",
        "year = 2017",
        'meaning_zh = "2017年工作打算"',
        'meaning_en = "plans for 2017"',
        "",
    ]
    for topic in TOPICS:
        out += [
            "[[topics]]",
            f'id = "{topic}"',
            f'name_zh = "主题 {topic}"',
            f'name_en = "Topic {topic}"',
            "",
        ]
    for year in (2016, 2017):
        out += [
            "[[sections]]",
            f'id = "s{year}"',
            f"year = {year}",
            'number_zh = "一"',
            f'title_zh = "{year}年"',
            f'title_en = "The year {year}"',
            f'quote = "一、{year}年"',
            "",
        ]
    with open(path, "w", encoding="utf-8") as handle:  # written as made: the parent stays small
        handle.write("\n".join(out) + "\n")
        for i in range(figures):
            year = 2016 + i % 2
            lines = [
                "[[figures]]",
                f'id = "synthetic.f{i:06d}"',
                f'topic = "{TOPICS[i % len(TOPICS)]}"',
                f'section = "s{year}"',
                f"year = {year}",
                f'subject_zh = "第{i}项指标"',
                f'subject_en = "indicator number {i}"',
            ]
            if i % 100 == 99:  # derived from the two figures before it
                lines += [
                    "derived = true",
                    f'formula = "synthetic.f{i - 1:06d} + synthetic.f{i - 2:06d}"',
                ]
            else:
                value = rnd.choice(
                    (rnd.randint(1, 999), rnd.randint(1000, 10**9), round(rnd.random() * 5000, 2))
                )
                lines += [f"value = {value}", f'quote = "完成第{i}项指标{value}"']
                if i % 50 == 7:
                    lines += ['note_en = "A note, as some figures have."']
            lines += [f'unit = "{UNITS[(i // 2) % len(UNITS)]}"', 'qualifier = "exact"', "", ""]
            handle.write("\n".join(lines))


_TOMLLIB_FOLDER = (
    "import os, sys, time\n"
    "try:\n    import tomllib\nexcept ImportError:\n    import tomli as tomllib\n"
    "names = sorted(os.path.join(sys.argv[1], n) for n in os.listdir(sys.argv[1])"
    " if n.endswith('.toml'))\n"
    "start, cpu = time.perf_counter(), time.process_time()\n"
    "for name in names:\n"
    "    with open(name, 'rb') as f:\n        tomllib.load(f)\n"
    "print(time.perf_counter() - start, time.process_time() - cpu, file=sys.stderr)\n"
)


def write_folder(folder: str, files: int, bundled: str) -> None:
    """``files`` copies of the bundled file, each a source of its own."""
    import re

    with open(bundled, encoding="utf-8") as handle:
        text = handle.read()
    first = re.search(r'(?m)^id = "([a-z0-9_]+)"', text)
    assert first is not None, "the bundled file has no [meta] id"
    for i in range(1, files + 1):
        own = text.replace(first.group(0), f'id = "s{i:04d}"', 1)
        with open(os.path.join(folder, f"s{i:04d}.toml"), "w", encoding="utf-8") as out:
            out.write(own)


def _bundled_file(python: str) -> str:
    import subprocess

    found = subprocess.run(
        [python, "-c", "from tzcli.dataset import dataset_files; print(dataset_files()[0])"],
        capture_output=True,
        text=True,
        check=True,
    )
    return found.stdout.strip()


def folder_case(files: int, runs: int, tzcli: str, python: str, env: Environment) -> int:
    """The corpus case of ``--folder``: see the module's docstring."""
    folder = os.path.join(env.tmp.name, "corpus")
    os.mkdir(folder)
    write_folder(folder, files, _bundled_file(python))
    size = sum(os.path.getsize(os.path.join(folder, n)) for n in os.listdir(folder))
    print(f"wrote {files} files: {size / 1e6:.1f} MB")
    script = os.path.join(env.tmp.name, "load_folder.py")
    with open(script, "w", encoding="utf-8") as handle:
        handle.write(_TOMLLIB_FOLDER)
    query = [tzcli, "--data", folder, "facts", "--min", "1000", "--format", "tsv"]
    first_cache = os.path.join(env.tmp.name, "first-folder")
    time.sleep(SETTLE_SECONDS)  # older than the cache's racy window
    _, code, _, err, _ = run_measured(query, env.env)  # fills the warm cache; checks it runs
    if code != 0:
        print(f"error: the query exited {code}:\n{err}", file=sys.stderr)
        return 2
    measured = {
        label: Samples() for label in ("tomllib.load", "first call", "warm query", "after edit")
    }
    for r in range(runs):
        wall, code, peak, err, cpu = run_measured([python, script, folder], env.env)
        wall, cpu = (float(x) for x in err.strip().splitlines()[-1].split())
        measured["tomllib.load"].add(wall, cpu, peak)
        if os.path.isdir(first_cache):
            for name in os.listdir(first_cache):
                os.unlink(os.path.join(first_cache, name))
        measured["first call"].add(
            *_ok(run_measured(query, {**env.env, "TZCLI_CACHE_DIR": first_cache}))
        )
        measured["warm query"].add(*_ok(run_measured(query, env.env)))
        edited = os.path.join(folder, f"s{r % files + 1:04d}.toml")
        with open(edited, encoding="utf-8") as handle:
            text = handle.read()
        with open(edited, "w", encoding="utf-8") as handle:  # one value changed
            handle.write(text.replace("value = 22\n", f"value = {23 + r}\n", 1))
        time.sleep(SETTLE_SECONDS)  # older than the racy window: a user's next call
        measured["after edit"].add(*_ok(run_measured(query, env.env)))
        time.sleep(SETTLE_SECONDS)
    print(f"timed {files} files: {runs} rounds")
    print()
    base = measured["tomllib.load"]
    print(
        f"{'command':<14} {'wall':>8} {'min..max':>17} {'x tomllib':>9}  "
        f"{'cpu':>7} {'x tomllib':>9}  {'peak RSS':>8}"
    )
    for label, samples in measured.items():
        wall, cpu = samples.median("wall"), samples.median("cpu")
        print(
            f"{label:<14} {wall:7.3f}s {min(samples.wall):7.3f}..{max(samples.wall):7.3f}s "
            f"{wall / base.median('wall'):8.2f}x  {cpu:6.3f}s {cpu / base.median('cpu'):8.2f}x  "
            f"{samples.median('peak') / 1024:5.0f} MB"
        )
    print()
    for what in ("wall", "cpu"):
        floor = base.median(what)
        print(
            f"{files} files ({what}): first call "
            f"{measured['first call'].median(what) / floor:.2f}x tomllib (target <= 1.2x), "
            f"warm query {measured['warm query'].median(what) / floor:.2f}x (target <= 0.1x), "
            f"after an edit {measured['after edit'].median(what) / floor:.2f}x (target <= 0.1x)"
        )
    return 0


def _ok(result: tuple[float, int, int, str, float]) -> tuple[float, float, int]:
    wall, code, peak, err, cpu = result
    if code != 0:
        raise SystemExit(f"error: a call exited {code}:\n{err}")
    return wall, cpu, peak


class Samples:
    """One command's runs: wall seconds, CPU seconds, peak RSS in KiB."""

    def __init__(self) -> None:
        self.wall: list[float] = []
        self.cpu: list[float] = []
        self.peak: list[float] = []

    def add(self, wall: float, cpu: float, peak: int) -> None:
        self.wall.append(wall)
        self.cpu.append(cpu)
        self.peak.append(float(peak))

    def median(self, what: str) -> float:
        return float(spread(getattr(self, what))[0])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000,100000", help="figures per dataset")
    parser.add_argument(
        "--runs",
        type=int,
        default=0,
        help="timed rounds per size (default: 7 up to 10k figures, 3 above)",
    )
    parser.add_argument("--tzcli", help="the tzcli executable (default: the installed one)")
    parser.add_argument(
        "--folder", type=int, default=0, metavar="N", help="time a corpus of N files instead"
    )
    args = parser.parse_args(argv)
    sizes = sorted({int(s) for s in args.sizes.split(",") if s.strip()})

    tzcli = find_tzcli(args.tzcli)
    python = python_of(tzcli)
    env = Environment()
    print(machine_line(python, tzcli))
    for note in env.notes:
        print(f"note: {note}")
    print(f"load average before: {load_average()}")
    if args.folder:
        started = time.perf_counter()
        try:
            return folder_case(args.folder, args.runs or 3, tzcli, python, env)
        finally:
            env.close()
            print(
                f"total {time.perf_counter() - started:.0f}s; load average after: {load_average()}"
            )

    started = time.perf_counter()
    results: dict[int, dict[str, Samples]] = {}
    try:
        files = {}
        for size in sizes:
            path = os.path.join(env.tmp.name, f"synthetic-{size}.toml")
            write_dataset(path, size)
            files[size] = path
            print(f"wrote {size:>7} figures: {os.path.getsize(path) / 1e6:6.1f} MB")
        time.sleep(SETTLE_SECONDS)  # older than the cache's racy window

        script = os.path.join(env.tmp.name, "load_toml.py")
        with open(script, "w", encoding="utf-8") as handle:
            handle.write(_TOMLLIB)

        for size in sizes:
            path = files[size]
            runs = args.runs or (7 if size <= 10_000 else 3)
            query = [tzcli, "--data", path, "facts", "--min", "1000", "--format", "tsv"]
            first_cache = os.path.join(env.tmp.name, f"first-{size}")
            commands: dict[str, tuple[list[str], dict[str, str]]] = {
                "tomllib.load": ([python, script, path], env.env),
                "first call": (query, {**env.env, "TZCLI_CACHE_DIR": first_cache}),
                "repeated call": (query, env.env),
                "validate": ([tzcli, "--data", path, "validate"], env.env),
            }
            # warm-up: fills the repeated call's cache, and checks every command works
            for label, (cmd, cmd_env) in commands.items():
                _, code, _, err, _ = run_measured(cmd, cmd_env)
                if code != 0:
                    print(
                        f"error: {label} on {size} figures exited {code}:\n{err}", file=sys.stderr
                    )
                    return 2
            measured = {label: Samples() for label in commands}
            for _ in range(runs):
                for label, (cmd, cmd_env) in commands.items():
                    if label == "first call" and os.path.isdir(first_cache):
                        for name in os.listdir(first_cache):
                            os.unlink(os.path.join(first_cache, name))
                    wall, code, peak, err, cpu = run_measured(cmd, cmd_env)
                    if code != 0:
                        print(f"error: {label} exited {code}:\n{err}", file=sys.stderr)
                        return 2
                    if label == "tomllib.load":  # the load itself, without Python's start
                        wall, cpu = (float(x) for x in err.strip().splitlines()[-1].split())
                    measured[label].add(wall, cpu, peak)
            results[size] = measured
            print(f"timed {size:>7} figures: {runs} rounds")
    finally:
        env.close()

    print()
    print(
        "wall: median (min..max) of whole processes; tomllib.load: the load alone, in its process."
    )
    print("cpu: user + system time, less disturbed by other load on the machine.")
    print(
        f"{'figures':>8}  {'command':<14} {'wall':>8} {'min..max':>17} {'per 1k':>8} "
        f"{'x tomllib':>9}  {'cpu':>7} {'x tomllib':>9}  {'peak RSS':>8}"
    )
    for size in sizes:
        base = results[size]["tomllib.load"]
        for label, samples in results[size].items():
            wall = samples.median("wall")
            cpu = samples.median("cpu")
            low, high = min(samples.wall), max(samples.wall)
            rss = samples.median("peak") / 1024
            print(
                f"{size:>8}  {label:<14} {wall:7.3f}s {low:7.3f}..{high:7.3f}s "
                f"{wall / size * 1e6:6.1f}ms {wall / base.median('wall'):8.2f}x  "
                f"{cpu:6.3f}s {cpu / base.median('cpu'):8.2f}x  {rss:5.0f} MB"
            )
        print()

    largest = sizes[-1]
    top = results[largest]
    for what in ("wall", "cpu"):
        floor = top["tomllib.load"].median(what)
        print(
            f"at {largest} figures ({what}): first call "
            f"{top['first call'].median(what) / floor:.2f}x tomllib.load (target <= 1.5x), "
            f"repeated call {top['repeated call'].median(what) / floor:.2f}x (target <= 0.25x)"
        )
    if len(sizes) >= 2:
        big, small, smallest = sizes[-1], sizes[-2], sizes[0]
        for label in ("first call", "repeated call", "validate"):
            per_big = results[big][label].median("wall") / big
            per_small = results[small][label].median("wall") / small
            line = f"{label:<14} time per 1k figures, {big} vs {small}: {per_big / per_small:.2f}x"
            if len(sizes) >= 3:
                # memory above the smallest dataset's call, per 1,000 more figures
                peaks = {size: results[size][label].median("peak") for size in sizes}
                growth = {
                    size: (peaks[size] - peaks[smallest]) / 1024 / (size - smallest) * 1000
                    for size in (small, big)
                }
                line += (
                    f"; memory per 1k more figures: {growth[small]:.2f} MB up to {small}, "
                    f"{growth[big]:.2f} MB up to {big}"
                )
            print(line)
    print(f"total {time.perf_counter() - started:.0f}s; load average after: {load_average()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
