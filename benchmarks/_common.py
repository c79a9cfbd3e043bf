"""What both benchmarks share: finding the installed tzcli, a clean environment
for it, and timing whole processes (wall time and peak memory).

Standard library only. Nothing here is imported by tzcli itself.
"""

from __future__ import annotations

import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path


def find_tzcli(explicit: str | None = None) -> str:
    """The installed ``tzcli``: --tzcli, else next to this Python, else on PATH."""
    if explicit:
        return explicit
    beside = Path(sys.executable).with_name("tzcli")
    if beside.is_file() and os.access(beside, os.X_OK):
        return str(beside)
    found = shutil.which("tzcli")
    if found:
        return found
    sys.exit("tzcli is not installed: no tzcli next to this Python or on PATH (or pass --tzcli)")


def python_of(script: str) -> str:
    """The Python a console script runs with (its #! line), so floors import the same click."""
    try:
        with open(script, "rb") as handle:
            first = handle.readline().decode("utf-8", "replace").strip()
    except OSError:
        return sys.executable
    if first.startswith("#!"):
        parts = first[2:].split()
        if parts and os.path.isabs(parts[0]) and "python" in os.path.basename(parts[0]):
            if os.access(parts[0], os.X_OK):
                return parts[0]
    return sys.executable


class Environment:
    """Environment variables for every timed process, and the notes to print about them.

    tzcli's own variables are cleared and the cache goes to a temporary
    folder. When PYTHONDONTWRITEBYTECODE is set (as in some sandboxes), an
    editable install would recompile tzcli on every call while the stdlib
    and click load from their .pyc files: the setting is dropped and the
    bytecode goes to a temporary PYTHONPYCACHEPREFIX instead, for every
    command alike, as a normal install would have it.
    """

    def __init__(self) -> None:
        self.tmp = tempfile.TemporaryDirectory(prefix="tzcli-bench-")
        self.cache = os.path.join(self.tmp.name, "cache")
        env = {k: v for k, v in os.environ.items() if not k.startswith("TZCLI_")}
        env["LANG"] = env.get("LANG") or "C.UTF-8"
        env["TZCLI_CACHE_DIR"] = self.cache
        self.notes: list[str] = []
        if env.pop("PYTHONDONTWRITEBYTECODE", None):
            env["PYTHONPYCACHEPREFIX"] = os.path.join(self.tmp.name, "pycache")
            self.notes.append(
                "PYTHONDONTWRITEBYTECODE was set: dropped, bytecode kept in a temporary "
                "PYTHONPYCACHEPREFIX for every command"
            )
        self.env = env

    def close(self) -> None:
        self.tmp.cleanup()


def run_once(
    argv: Sequence[str], env: dict[str, str], cwd: str | None = None
) -> tuple[float, int, float, str]:
    """Run one process to the end: (wall seconds, exit code, CPU seconds, stderr tail).

    CPU is user + system time of the process (from wait4), NaN where unknown.
    """
    start = time.perf_counter()
    proc = subprocess.Popen(
        list(argv),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=env,
        cwd=cwd,
    )
    assert proc.stderr is not None
    err = proc.stderr.read()
    proc.stderr.close()
    if hasattr(os, "wait4"):
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        cpu = usage.ru_utime + usage.ru_stime
    else:  # pragma: no cover - no per-child rusage
        proc.wait()
        elapsed = time.perf_counter() - start
        cpu = float("nan")
    return elapsed, proc.returncode or 0, cpu, err.decode("utf-8", "replace")[-2000:]


#: Runs one command and reports on it. A child's peak RSS (ru_maxrss) starts
#: at its parent's high-water mark when it is forked, so the benchmark, which
#: may have grown while writing datasets, does not start the timed processes
#: itself: this small Python (no site, only os/sys/time/json) does.
_SPAWNER = r"""
import json, os, sys, time
argv, env, cwd = json.loads(sys.stdin.read())
if cwd:
    os.chdir(cwd)
null = os.open(os.devnull, os.O_RDWR)
read_end, write_end = os.pipe()
actions = [
    (os.POSIX_SPAWN_DUP2, null, 0),
    (os.POSIX_SPAWN_DUP2, null, 1),
    (os.POSIX_SPAWN_DUP2, write_end, 2),
]
start = time.perf_counter()
pid = os.posix_spawn(argv[0], argv, env, file_actions=actions)
os.close(write_end)
err = b""
while True:
    chunk = os.read(read_end, 65536)
    if not chunk:
        break
    err = (err + chunk)[-4000:]
_, status, usage = os.wait4(pid, 0)
elapsed = time.perf_counter() - start
peak = usage.ru_maxrss // (1024 if sys.platform == "darwin" else 1)
cpu = usage.ru_utime + usage.ru_stime
code = os.waitstatus_to_exitcode(status)
print(json.dumps([elapsed, code, peak, err.decode("utf-8", "replace"), cpu]))
"""


def run_measured(
    argv: Sequence[str], env: dict[str, str], cwd: str | None = None
) -> tuple[float, int, int, str, float]:
    """As ``run_once``, with a peak memory that is the command's own (see _SPAWNER),
    and the CPU time (user + system) the command used, last."""
    import json

    if not hasattr(os, "posix_spawn") or not hasattr(os, "wait4"):  # pragma: no cover
        elapsed, code, cpu, err = run_once(argv, env, cwd)
        return elapsed, code, 0, err, cpu
    cmd = [os.path.abspath(argv[0]) if os.sep in argv[0] else shutil.which(argv[0]) or argv[0]]
    done = subprocess.run(
        [sys.executable, "-S", "-c", _SPAWNER],
        input=json.dumps([cmd + list(argv[1:]), env, cwd]),
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise RuntimeError(f"the spawner failed: {done.stderr[-2000:]}")
    elapsed, code, peak, err, cpu = json.loads(done.stdout)
    return float(elapsed), int(code), int(peak), str(err), float(cpu)


def spread(values: Sequence[float]) -> tuple[float, float, float, float, float]:
    """(median, first quartile, third quartile, min, max)."""
    ordered = sorted(values)
    if len(ordered) >= 4:
        q1, _, q3 = statistics.quantiles(ordered, n=4)
    else:
        q1, q3 = ordered[0], ordered[-1]
    return statistics.median(ordered), q1, q3, ordered[0], ordered[-1]


def machine_line(python: str, tzcli: str) -> str:
    version = subprocess.run(
        [python, "-c", "import sys; print(sys.version.split()[0])"],
        capture_output=True,
        text=True,
    ).stdout.strip()
    return (
        f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs, Python {version} "
        f"({python}); tzcli: {tzcli}; {time.strftime('%Y-%m-%d %H:%M')}"
    )


def load_average() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except (OSError, AttributeError):  # pragma: no cover
        return "n/a"
