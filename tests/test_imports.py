"""What a call imports: nothing heavy at import time, no Rich for machine
formats, no tomllib on a cache hit; and the records that replace
``dataclasses`` (to keep them off the hot path) behave exactly like them.

Imports are checked in fresh subprocesses (this test process has imported
everything already). Nothing here measures time.
"""

from __future__ import annotations

import copy
import dataclasses
import pickle
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any, ClassVar

import pytest
from conftest import subprocess_env, tzcli_command

from tzcli import model
from tzcli._frozen import dataclass, field, replace
from tzcli.dataset import load

#: Never imported by ``import tzcli.cli``.
NOT_AT_IMPORT = (
    "rich",
    "importlib.metadata",
    "_pydecimal",
    "sqlite3",
    "difflib",
    "json",
    "tomllib",
    "tomli",
    "csv",
    "pathlib",
    "dataclasses",
    "tzcli.dataset",
    "tzcli.cache",
    "tzcli.schema",
)

#: Never imported by a machine format (with or without the cache).
NOT_FOR_MACHINE_FORMATS = (
    "rich",
    "_pydecimal",
    "sqlite3",
    "difflib",
    "importlib.metadata",
    "json",  # written by render.machine.json_string
)

_WRAPPER = """
import sys, atexit
out = sys.argv.pop(1)
atexit.register(lambda: open(out, "w").write("\\n".join(sorted(sys.modules))))
from tzcli.cli import main
sys.argv[0] = "tzcli"
main()
"""


def _python(code: str, **env: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=subprocess_env(**env)
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def modules_after(tmp_path: Path, args: list[str], **env: str) -> set[str]:
    """The modules loaded by the end of ``tzcli ARGS`` (run through tzcli.cli.main)."""
    script = tmp_path / "wrapper.py"
    script.write_text(_WRAPPER, encoding="utf-8")
    out = tmp_path / f"modules-{len(list(tmp_path.glob('modules-*')))}.txt"
    done = subprocess.run(
        [sys.executable, str(script), str(out), *args],
        capture_output=True,
        text=True,
        env=subprocess_env(**env),
    )
    assert done.returncode == 0, done.stderr
    return set(out.read_text(encoding="utf-8").split())


def loaded(names: Iterable[str], modules: set[str]) -> list[str]:
    """Those of ``names`` that are loaded, themselves or any submodule."""
    return [n for n in names if n in modules or any(m.startswith(n + ".") for m in modules)]


# --------------------------------------------------------------------------
# Import time


def test_import_cli_leaves_heavy_modules_unimported() -> None:
    modules = set(_python("import sys, tzcli.cli; print('\\n'.join(sys.modules))").split())
    assert "tzcli.cli" in modules and "click" in modules
    assert loaded(NOT_AT_IMPORT, modules) == []


def test_importing_every_module_reads_no_file_and_starts_nothing() -> None:
    """No work at import time: no data file, cache entry, subprocess or socket."""
    code = """
import sys, pkgutil, importlib
events = []
def hook(event, args):
    if event == "open" and isinstance(args[0], str) and args[0].endswith((".toml", ".marshal")):
        events.append((event, args[0]))
    elif event.startswith(("subprocess.", "socket.", "os.exec", "os.system", "os.posix_spawn")):
        events.append((event, repr(args)[:80]))
sys.addaudithook(hook)
import tzcli
for info in pkgutil.iter_modules(tzcli.__path__, "tzcli."):
    importlib.import_module(info.name)
print(len(list(pkgutil.iter_modules(tzcli.__path__))))
print(events)
"""
    count, events = _python(code).splitlines()
    assert int(count) >= 10
    assert events == "[]"


def test_help_and_version_import_no_rich_and_no_loader(tmp_path: Path) -> None:
    for args in (["--help"], ["--version"], ["stats", "--help"]):
        modules = modules_after(tmp_path, args)
        assert loaded(["rich", "tomllib", "tzcli.dataset", "sqlite3", "json"], modules) == [], args


# --------------------------------------------------------------------------
# Machine formats never import rich


@pytest.mark.parametrize(
    "args",
    [
        ["stats", "--format", "tsv"],
        ["projects", "--min-investment", "2e8", "--format", "json"],
        ["facts", "--format", "csv"],
        ["facts", "--format", "jsonl"],
        ["poverty", "--format", "markdown"],
    ],
)
@pytest.mark.parametrize("cache", ["on", "off"])
def test_machine_formats_never_import_rich(
    tmp_path: Path, args: list[str], cache: str, request: pytest.FixtureRequest
) -> None:
    if cache == "on":
        request.getfixturevalue("warm_cache")  # filled once a run: this call is a hit
    env = {"TZCLI_NO_CACHE": "1"} if cache == "off" else {}
    modules = modules_after(tmp_path, args, **env)
    assert loaded(NOT_FOR_MACHINE_FORMATS, modules) == []
    # csv is written through the csv module, imported by that writer alone.
    assert ("csv" in modules) == ("csv" in args), args


_FROZEN_AT_EXIT = """
import sys, atexit, gc
out = sys.argv.pop(1)
atexit.register(lambda: open(out, "w").write(f"{gc.get_freeze_count()} {gc.get_threshold()}"))
from tzcli.__main__ import run
sys.argv[0] = "tzcli"
run()
"""


@pytest.mark.parametrize(
    "args", [["stats", "--format", "tsv"], ["stats", "--format", "table"], ["show", "nosuchid"]]
)
def test_the_collector_is_frozen_as_tzcli_exits(tmp_path: Path, args: list[str]) -> None:
    """The interpreter's last collections would only walk every object (see cli.main),
    on success and on error alike, and a call collects rarely; in-process callers of
    ``cli`` are not affected."""
    from tzcli.__main__ import GC_THRESHOLDS

    script = tmp_path / "frozen.py"
    script.write_text(_FROZEN_AT_EXIT, encoding="utf-8")
    out = tmp_path / "count.txt"
    subprocess.run(
        [sys.executable, str(script), str(out), *args],
        capture_output=True,
        env=subprocess_env(),
        check=False,
    )
    frozen, thresholds = out.read_text(encoding="utf-8").split(" ", 1)
    assert int(frozen) > 1000
    assert thresholds == str(GC_THRESHOLDS)


@pytest.mark.parametrize(
    "args",
    [
        ["stats", "--format", "tsv"],
        ["facts", "--columns", "id,value", "--format", "csv", "--limit", "2"],
    ],
)
def test_a_plain_call_does_not_look_up_translations(tmp_path: Path, args: list[str]) -> None:
    """Click's help option is built without gettext (commands.boundary.PlainHelp): a valid
    call with long options imports neither locale nor difflib. (A short option such as
    -f is first tried by Click as a long one, which builds a translated, spell-checked
    error: ~2-4 ms that only Click's private parser could spare, so it is not spared.)"""
    modules_after(tmp_path, args)
    assert loaded(["locale", "difflib"], modules_after(tmp_path, args)) == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["stats", "-x", "tsv"], "No such option '-x'."),
        (["stats", "--formt", "tsv"], "No such option '--formt'. (Did you mean one of"),
        (["-z", "stats"], "No such option '-z'."),
    ],
)
def test_unknown_options_are_still_reported_by_click(args: list[str], message: str) -> None:
    done = subprocess.run(
        [*tzcli_command(), *args], capture_output=True, text=True, env=subprocess_env()
    )
    assert done.returncode == 2
    assert message in done.stderr
    assert "Traceback" not in done.stderr


def test_help_still_works_with_the_plain_help_option(tmp_path: Path) -> None:
    for args in (["--help"], ["-h"], ["stats", "--help"], ["facts", "-h"]):
        text = _python(
            "import sys\nfrom tzcli.cli import main\n"
            f"sys.argv = ['tzcli', *{args!r}]\n"
            "try:\n    main()\nexcept SystemExit as e:\n    assert e.code in (0, None)\n"
        )
        assert text.startswith("Usage: tzcli") and "Show this message and exit." in text


def test_stats_tsv_through_the_installed_script_never_imports_rich() -> None:
    """The real entry point, watched with -X importtime (PYTHONPROFILEIMPORTTIME)."""
    done = subprocess.run(
        [*tzcli_command(), "stats", "--format", "tsv"],
        capture_output=True,
        text=True,
        env=subprocess_env(PYTHONPROFILEIMPORTTIME="1"),
    )
    assert done.returncode == 0, done.stderr[-2000:]
    imported = {
        line.rsplit("|", 1)[-1].strip()
        for line in done.stderr.splitlines()
        if line.startswith("import time:")
    }
    assert "click" in imported and "tzcli.cli" in imported, "importtime output was read"
    assert [m for m in imported if m == "rich" or m.startswith("rich.")] == []


def test_a_hit_imports_neither_tomllib_nor_dataclasses(tmp_path: Path) -> None:
    """The bundled data; its file is old, so the first call stores it."""
    modules_after(tmp_path, ["stats", "--format", "tsv"])
    modules = modules_after(tmp_path, ["stats", "--format", "tsv"])
    if "tomllib" in modules or "tomli" in modules:
        pytest.skip("the bundled data file changed in the last seconds: not cached yet")
    assert loaded(["dataclasses", "pathlib", "tzcli.schema", "tzcli.formula"], modules) == []


def test_tables_import_rich(tmp_path: Path) -> None:
    """The other side of the checks above: the wrapper does see rich when it is used."""
    modules = modules_after(tmp_path, ["stats", "--format", "table"])
    assert "rich.console" in modules and "tzcli.render.table" in modules


# --------------------------------------------------------------------------
# tzcli._frozen behaves as dataclasses


def _records() -> list[Any]:
    ds = load(use_cache=False)
    out: list[Any] = [ds, *ds.metas, *ds.metas[0].years]
    for group in (ds.topics, ds.sections, ds.figures, ds.projects, ds.plans, ds.villages, ds.notes):
        out.extend(group)
    for plan in ds.plans:
        out.extend(plan.measures)
    for village in ds.villages:
        out.extend(village.mentions)
    return out


def _twin(cls: type) -> type:
    """The same class made by dataclasses itself."""
    spec = [
        (
            f.name,
            f.type,
            dataclasses.field(
                default=f.default,
                default_factory=f.default_factory,
                repr=f.repr,
                compare=f.compare,
                hash=f.hash,
            ),
        )
        for f in dataclasses.fields(cls)
    ]
    return dataclasses.make_dataclass(cls.__name__, spec, frozen=True)


def test_every_model_class_is_made_by_tzcli_frozen() -> None:
    classes = [
        v for v in vars(model).values() if isinstance(v, type) and v.__module__ == model.__name__
    ]
    assert len(classes) >= 10
    for cls in classes:
        assert "__tzcli_record_spec__" in cls.__dict__, cls


def test_records_behave_as_dataclasses() -> None:
    records = _records()
    kinds = {type(r) for r in records}
    assert len(kinds) >= 10
    twins = {cls: _twin(cls) for cls in kinds}
    for rec in records:
        cls = type(rec)
        values = {f.name: getattr(rec, f.name) for f in dataclasses.fields(rec)}
        twin = twins[cls](**values)
        assert repr(rec) == repr(twin)
        assert hash(rec) == hash(twin)
        assert dataclasses.asdict(rec) == dataclasses.asdict(twin)
        assert dataclasses.astuple(rec) == dataclasses.astuple(twin)
        assert dataclasses.is_dataclass(rec) and dataclasses.is_dataclass(cls)
        assert cls.__match_args__ == twins[cls].__match_args__  # type: ignore[attr-defined]
        same = cls(**values)
        assert same == rec and not (same != rec) and hash(same) == hash(rec)
        assert cls(*values.values()) == rec
        assert dataclasses.replace(rec) == rec and replace(rec) == rec
        assert copy.deepcopy(rec) == rec and copy.copy(rec) == rec
        assert pickle.loads(pickle.dumps(rec)) == rec
        assert (rec == twin) is False  # as between two dataclasses: another class
        name = next(iter(values))
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(rec, name, None)
        with pytest.raises(dataclasses.FrozenInstanceError):
            delattr(rec, name)


def test_replace_changes_a_field_and_checks_names() -> None:
    topic = model.Topic("t", "主题", "Topic")
    changed = replace(topic, name_en="Other")
    assert changed == model.Topic("t", "主题", "Other") and changed != topic
    assert dataclasses.replace(topic, name_en="Other") == changed
    with pytest.raises(TypeError):
        replace(topic, nonsense=1)


def test_constructor_errors_match_dataclasses() -> None:
    twin = _twin(model.Topic)
    for args, kwargs in [
        (("a",), {}),  # missing
        (("a", "b", "c"), {"x": 1}),  # unknown keyword
        (("a", "b", "c"), {"name_zh": "z"}),  # given twice
        (("a", "b", "c", "d", "e", "f"), {}),  # too many
        ((), {}),
    ]:
        with pytest.raises(TypeError):
            twin(*args, **kwargs)
        with pytest.raises(TypeError):
            model.Topic(*args, **kwargs)


def test_defaults_and_factories() -> None:
    @dataclass(frozen=True)
    class Thing:
        name: str
        size: int = 3
        tags: dict = field(default_factory=dict, compare=False, repr=False)  # type: ignore[type-arg]

    one, two = Thing("a"), Thing("a")
    assert one.size == 3 and one.tags == {} and one.tags is not two.tags
    one.tags["x"] = 1
    assert one == two and hash(one) == hash(two)  # tags not compared
    assert repr(one) == "test_defaults_and_factories.<locals>.Thing(name='a', size=3)"
    assert "tags" not in Thing.__dict__, "a default_factory leaves no class attribute"
    assert Thing.size == 3  # type: ignore[comparison-overlap]
    assert [f.name for f in dataclasses.fields(Thing)] == ["name", "size", "tags"]

    with pytest.raises(TypeError):

        @dataclass(frozen=True)
        class Bad:
            a: int = 1
            b: int  # type: ignore[misc]

    with pytest.raises(ValueError):

        @dataclass(frozen=True)
        class Mutable:
            a: list = []  # type: ignore[type-arg]  # noqa: RUF012


def test_what_it_does_not_support_is_refused() -> None:
    """Fields inherited from a record, ClassVar, __post_init__, an own __hash__: what
    dataclasses supports and tzcli does not use is a TypeError, never a quiet change."""
    with pytest.raises(TypeError, match="inherited"):

        @dataclass(frozen=True)
        class Child(model.Topic):
            extra: int = 0

    with pytest.raises(TypeError, match="ClassVar"):

        @dataclass(frozen=True)
        class WithClassVar:
            kinds: ClassVar[tuple[str, ...]] = ()

    for method in ("__post_init__", "__hash__"):
        with pytest.raises(TypeError, match=method):
            dataclass(frozen=True)(type("Own", (), {"__annotations__": {"a": int}, method: id}))
    with pytest.raises(TypeError):
        dataclass()(type("Loose", (), {}))  # type: ignore[call-overload]


def test_subclass_of_a_record_may_set_its_own_attributes() -> None:
    class Loose(model.Topic):
        pass

    loose = Loose("t", "主题", "Topic")
    loose.extra = 1  # type: ignore[attr-defined]  # not a field, not the record's own class
    with pytest.raises(dataclasses.FrozenInstanceError):
        loose.name_en = "x"  # type: ignore[misc]


def test_only_the_called_command_is_built() -> None:
    """tzcli.cli registers makers; a call builds its own command and no other."""
    out = _python(
        "import io, contextlib\n"
        "from tzcli.cli import cli\n"
        "assert cli.commands == {}, cli.commands\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    cli.main(['topics', '--format', 'tsv'], standalone_mode=False)\n"
        "print(sorted(cli.commands))\n"
    )
    assert out.split() == ["['topics']"]


def test_help_and_a_typo_import_no_command_module() -> None:
    """tzcli --help and the "did you mean" of a typo read tzcli.commands.COMMANDS only."""
    out = _python(
        "import io, sys, contextlib\n"
        "from tzcli.cli import cli\n"
        "for args in (['--help'], ['stat']):\n"
        "    sink = io.StringIO()\n"
        "    with contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink):\n"
        "        try:\n"
        "            cli.main(args)\n"
        "        except SystemExit:\n"
        "            pass\n"
        "print(sorted(m for m in sys.modules if m.startswith('tzcli.commands.')))\n"
    )
    # what every command shares (the boundary, the options and their values, the settings,
    # the suggestions); no command module
    shared = ["boundary", "choices", "options", "settings", "suggest"]
    assert out.strip() == repr([f"tzcli.commands.{name}" for name in shared])


# --------------------------------------------------------------------------
# The exports' libraries stay out of every other command

EXPORT_LIBRARIES = ("openpyxl", "datasette", "frictionless", "pandas", "tzcli.exports", "yaml")


@pytest.mark.parametrize(
    "args",
    [
        ["stats"],
        ["stats", "--format", "csv"],
        ["topics", "--format", "table"],
        ["facts", "--format", "json"],
        ["cite", "--style", "csl-json"],
        ["cite", "--style", "ris"],
    ],
)
def test_listing_commands_never_import_the_export_libraries(
    tmp_path: Path, args: list[str]
) -> None:
    assert loaded(EXPORT_LIBRARIES, modules_after(tmp_path, args)) == []


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_a_text_export_imports_the_tables_and_no_library(tmp_path: Path, fmt: str) -> None:
    """The JSON and csv exports (tzcli.exports.plaintext) are the exported tables
    (tzcli.exports.tables), so that they are the same as the others; none of the other
    formats' modules or libraries."""
    modules = modules_after(tmp_path, ["export", "-f", fmt, "-o", "-"])
    assert loaded(EXPORT_LIBRARIES, modules) == ["tzcli.exports"]
    assert sorted(m for m in modules if m.startswith("tzcli.exports.")) == [
        "tzcli.exports.plaintext",
        "tzcli.exports.tables",
    ]


def test_the_sqlite_export_imports_its_module_only(tmp_path: Path) -> None:
    modules = modules_after(tmp_path, ["export", "-f", "sqlite", "-o", str(tmp_path / "x.db")])
    assert "tzcli.exports.sqlite" in modules  # the check above could fail
    assert loaded(["openpyxl", "datasette", "frictionless", "pandas"], modules) == []


def test_a_program_calling_main_keeps_its_process_settings() -> None:
    """Process-wide settings belong to the process entry (tzcli.__main__.run): a program
    that calls tzcli.cli.main keeps its collector, its COLUMNS and its stdout."""
    out = _python(
        "import gc, io, os, sys, contextlib\n"
        "os.environ['COLUMNS'] = '0'\n"
        "before = gc.get_threshold()\n"
        "frozen = gc.get_freeze_count()\n"  # 3.12 starts with some frozen already
        "stdout = sys.stdout\n"
        "from tzcli.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    try:\n"
        "        main(['topics', '--format', 'tsv'])\n"
        "    except SystemExit as exc:\n"
        "        assert exc.code == 0, exc.code\n"
        "print(gc.get_freeze_count() - frozen, gc.get_threshold() == before,\n"
        "      os.environ['COLUMNS'], sys.stdout is stdout)\n"
    )
    assert out.split() == ["0", "True", "0", "True"]


def test_replace_and_defaults_are_for_its_own_records_only() -> None:
    """What dataclasses does for other classes stays dataclasses' (tzcli calls it there)."""
    from tzcli._frozen import defaults

    @dataclasses.dataclass(frozen=True)
    class Plain:
        a: int = 1

    with pytest.raises(TypeError, match="not a record"):
        replace(Plain(), a=2)
    with pytest.raises(TypeError, match="not a record"):
        defaults(Plain)
