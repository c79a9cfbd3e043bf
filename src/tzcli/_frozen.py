"""``@dataclass(frozen=True)`` without the cost of ``dataclasses`` at import time.

``dataclasses`` writes the source of every ``__init__``, ``__repr__``,
``__eq__``, ``__hash__``, ``__setattr__`` and ``__delattr__`` and compiles it
with ``exec`` each time a class is decorated: for the model's thirteen classes
and query's two that was about a third of a ``tzcli stats`` call. This
decorator gives the same frozen value classes from a few shared closures:
the same constructor (positional or keyword, defaults, ``default_factory``),
``repr``, equality, hash, ``FrozenInstanceError`` on assignment and
``__match_args__``; ``dataclasses.fields``, ``asdict``, ``replace`` and
``is_dataclass`` work on them too: ``__dataclass_fields__`` is built, by
``dataclasses`` itself, the first time something asks for it (which costs
what the decorator saved: on the hot path use this module's ``replace``).

Only what tzcli uses is supported: ``frozen=True`` classes of their own fields
(no base with fields, no ``ClassVar``, no ``__post_init__``: each is refused with a
TypeError), ``field()`` with ``default``, ``default_factory``, ``repr`` and
``compare``. tzcli's own code reads records through ``__match_args__`` and this
module's ``replace``; ``__dataclass_fields__`` stays because a type checker sees these
classes as dataclasses (``dataclasses.fields`` or ``asdict`` on a record type-checks),
so they must work as dataclasses at run time too (tests/test_imports.py, the twins).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

T = TypeVar("T")

_MISSING: Any = object()
_FIELDS = "__dataclass_fields__"


class _Field:
    """What ``field()`` returns: read once by the decorator."""

    __slots__ = ("default", "default_factory", "repr", "compare")

    def __init__(
        self,
        default: Any,
        default_factory: Any,
        repr: bool,  # noqa: A002 - the dataclasses spelling
        compare: bool,
    ) -> None:
        self.default = default
        self.default_factory = default_factory
        self.repr = repr
        self.compare = compare


def _field(
    *,
    default: Any = _MISSING,
    default_factory: Any = _MISSING,
    repr: bool = True,  # noqa: A002
    compare: bool = True,
) -> Any:
    """As ``dataclasses.field`` (the arguments tzcli uses)."""
    if default is not _MISSING and default_factory is not _MISSING:
        raise ValueError("cannot specify both default and default_factory")
    return _Field(default, default_factory, repr, compare)


def _frozen_error(name: str) -> Exception:
    from dataclasses import FrozenInstanceError

    return FrozenInstanceError(f"cannot assign to field {name!r}")


class _LazyFields:
    """``__dataclass_fields__``, made by ``dataclasses`` on first use."""

    def __init__(self, spec: dict[str, Any]) -> None:
        self.spec = spec

    def __get__(self, obj: Any, cls: type) -> Any:
        import dataclasses

        namespace: dict[str, Any] = {"__annotations__": {}, "__module__": cls.__module__}
        for name, (annotation, info) in self.spec.items():
            namespace["__annotations__"][name] = annotation
            if info is not None:
                namespace[name] = dataclasses.field(
                    default=info.default if info.default is not _MISSING else dataclasses.MISSING,
                    default_factory=info.default_factory
                    if info.default_factory is not _MISSING
                    else dataclasses.MISSING,
                    repr=info.repr,
                    compare=info.compare,
                )
        shadow: Any = dataclasses.dataclass(frozen=True)(type(cls.__name__, (), namespace))
        fields = getattr(shadow, _FIELDS)
        type.__setattr__(cls, _FIELDS, fields)
        return fields


def _dataclass(*, frozen: bool = False) -> Callable[[T], T]:
    """As ``dataclasses.dataclass(frozen=True)``; only frozen classes are supported."""
    if not frozen:
        raise TypeError("tzcli._frozen.dataclass makes frozen classes only")
    return _decorate


def _refuse_unsupported(cls: Any) -> None:
    """What dataclasses would do and this decorator does not: a TypeError, not a
    class that silently behaves otherwise."""
    if any("__tzcli_record_spec__" in base.__dict__ for base in cls.__mro__[1:]):
        raise TypeError(f"{cls.__name__}: fields inherited from a record are not supported")
    for name, annotation in cls.__dict__.get("__annotations__", {}).items():
        text = annotation if isinstance(annotation, str) else repr(annotation)
        if "ClassVar" in text:
            raise TypeError(f"{cls.__name__}.{name}: ClassVar is not supported")
    for method in ("__post_init__", "__hash__", "__setattr__", "__delattr__"):
        if method in cls.__dict__ and (method != "__hash__" or cls.__dict__[method] is not None):
            raise TypeError(f"{cls.__name__}: its own {method} is not supported")


def _decorate(cls: Any) -> Any:
    _refuse_unsupported(cls)
    spec: dict[str, tuple[Any, Any]] = {}
    for name, annotation in cls.__dict__.get("__annotations__", {}).items():
        value = cls.__dict__.get(name, _MISSING)
        if isinstance(value, _Field):
            info = value
        elif value is _MISSING:
            info = None
        else:
            if isinstance(value, (list, dict, set)):
                raise ValueError(f"mutable default {type(value)} for field {name} is not allowed")
            info = _Field(value, _MISSING, True, True)
        spec[name] = (annotation, info)

    names: tuple[str, ...] = tuple(spec)
    defaults: dict[str, Any] = {}
    factories: dict[str, Callable[[], Any]] = {}
    seen_default = False
    for name, (_, info) in spec.items():
        if info is None or (info.default is _MISSING and info.default_factory is _MISSING):
            if seen_default:
                raise TypeError(f"non-default argument {name!r} follows default argument")
            continue
        seen_default = True
        if info.default_factory is not _MISSING:
            factories[name] = info.default_factory
        else:
            defaults[name] = info.default
    required = frozenset(n for n in names if n not in defaults and n not in factories)
    known = frozenset(names)
    shown = tuple(n for n, (_, i) in spec.items() if i is None or i.repr)
    compared = tuple(n for n, (_, i) in spec.items() if i is None or i.compare)
    qualname = cls.__qualname__

    nfields = len(names)
    set_state = object.__setattr__

    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        if args:
            if len(args) > nfields:
                raise TypeError(
                    f"{qualname}.__init__() takes {nfields + 1} positional arguments "
                    f"but {len(args) + 1} were given"
                )
            given = dict(zip(names, args, strict=False))
            for name in kwargs:
                if name in given:
                    raise TypeError(
                        f"{qualname}.__init__() got multiple values for argument {name!r}"
                    )
            given.update(kwargs)
        else:
            given = kwargs
        if len(given) == nfields and known >= given.keys():
            # Every field given (how the loader builds records): the dict is the state.
            set_state(self, "__dict__", given)
        else:
            if not required <= given.keys() or not known >= given.keys():
                missing = [n for n in names if n in required and n not in given]
                if missing:
                    raise TypeError(
                        f"{qualname}.__init__() missing required argument(s): "
                        + ", ".join(repr(n) for n in missing)
                    )
                unknown = next(k for k in given if k not in known)
                raise TypeError(
                    f"{qualname}.__init__() got an unexpected keyword argument {unknown!r}"
                )
            state = self.__dict__
            for name in names:
                if name in given:
                    state[name] = given[name]
                elif name in defaults:
                    state[name] = defaults[name]
                else:
                    state[name] = factories[name]()

    def __repr__(self: Any) -> str:
        state = self.__dict__
        inner = ", ".join(f"{n}={state[n]!r}" for n in shown)
        return f"{type(self).__qualname__}({inner})"

    def __eq__(self: Any, other: Any) -> Any:
        if other.__class__ is not self.__class__:
            return NotImplemented
        mine, theirs = self.__dict__, other.__dict__
        return tuple(mine[n] for n in compared) == tuple(theirs[n] for n in compared)

    def __hash__(self: Any) -> int:
        state = self.__dict__
        return hash(tuple(state[n] for n in compared))

    def __setattr__(self: Any, name: str, value: Any) -> None:
        if type(self) is cls or name in known:
            raise _frozen_error(name)
        object.__setattr__(self, name, value)

    def __delattr__(self: Any, name: str) -> None:
        if type(self) is cls or name in known:
            raise _frozen_error(name)
        object.__delattr__(self, name)

    methods: dict[str, Any] = {
        "__init__": __init__,
        "__repr__": __repr__,
        "__eq__": __eq__,
        "__hash__": __hash__,
        "__setattr__": __setattr__,
        "__delattr__": __delattr__,
    }
    for method_name, method in methods.items():
        if method_name == "__hash__" or method_name not in cls.__dict__:
            method.__qualname__ = f"{qualname}.{method_name}"
            setattr(cls, method_name, method)
    for name in factories:
        if name in cls.__dict__:
            delattr(cls, name)
    cls.__match_args__ = names  # type: ignore[misc]
    cls.__tzcli_record_spec__ = spec
    setattr(cls, _FIELDS, _LazyFields(spec))
    return cls


def _replace(obj: T, **changes: Any) -> T:
    """As ``dataclasses.replace``, for this module's classes (without importing dataclasses)."""
    spec = _spec(type(obj))
    state = obj.__dict__
    values = {name: state[name] for name in spec}
    values.update(changes)
    return type(obj)(**values)


def restore(cls: type[T], state: dict[str, Any]) -> T:
    """A record whose fields are ``state`` (every field, in order), made without
    ``__init__``: for the loader, which restores many checked records from its cache.
    The dict is adopted, not copied. Works for real dataclasses too."""
    record = object.__new__(cls)
    object.__setattr__(record, "__dict__", state)
    return record


def _spec(cls: type) -> dict[str, Any]:
    spec: dict[str, Any] | None = cls.__dict__.get("__tzcli_record_spec__")
    if spec is None:
        raise TypeError(f"{cls.__name__} is not a record of tzcli._frozen")
    return spec


def defaults(cls: type) -> dict[str, Any]:
    """The default of each field that has one, as the constructor would fill it in."""
    out: dict[str, Any] = {}
    for name, (_, info) in _spec(cls).items():
        if info is not None and info.default is not _MISSING:
            out[name] = info.default
        elif info is not None and info.default_factory is not _MISSING:
            out[name] = info.default_factory()
    return out


if TYPE_CHECKING:  # type checkers see the real thing, which these behave as
    from dataclasses import dataclass as dataclass
    from dataclasses import field as field
    from dataclasses import replace as replace
else:
    dataclass = _dataclass
    field = _field
    replace = _replace
