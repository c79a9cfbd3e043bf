"""Formulas of derived figures: ids, numbers, ``+ - * /`` and parentheses.

A tiny recursive-descent evaluator over ``Decimal``, so that a derived value
is exact (as far as division allows) and no ``eval`` ever runs data.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal, DivisionByZero, InvalidOperation

#: Numbers, ids (``ID`` or ``SOURCE:ID``), and any other character.
_TOKEN = re.compile(
    r"\s*(?:(\d+(?:\.\d+)?)|([a-z][a-z0-9_]*(?:\.[a-z0-9_]+)*(?::[a-z][a-z0-9_]*(?:\.[a-z0-9_]+)*)?)|(.))"
)


class FormulaError(ValueError):
    """A formula that cannot be read or computed."""


def _tokens(text: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    pos = 0
    text = text.rstrip()
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if match is None:  # pragma: no cover - the pattern matches any character
            raise FormulaError(f"cannot read {text[pos:]!r}")
        number, name, other = match.groups()
        if number is not None:
            out.append(("num", number))
        elif name is not None:
            out.append(("id", name))
        elif other in "+-*/()":
            out.append(("op", other))
        else:
            raise FormulaError(f"unexpected {other!r} in formula {text!r}")
        pos = match.end()
    return out


def tokens(text: str) -> list[tuple[str, str]]:
    """A formula's tokens, for ``names`` and ``evaluate`` to share (read once, not twice)."""
    return _tokens(text)


def names(text: str, read: list[tuple[str, str]] | None = None) -> tuple[str, ...]:
    """The ids a formula uses, in order of first use; ``read``: its ``tokens``, if at hand."""
    seen: list[str] = []
    for kind, value in _tokens(text) if read is None else read:
        if kind == "id" and value not in seen:
            seen.append(value)
    return tuple(seen)


def evaluate(
    text: str, lookup: Callable[[str], Decimal], read: list[tuple[str, str]] | None = None
) -> Decimal:
    """The value of ``text``, with ``lookup`` giving each id's value; ``read``: its
    ``tokens``, if at hand."""
    tokens = _tokens(text) if read is None else read
    if not tokens:
        raise FormulaError("empty formula")
    parser = _Parser(text, tokens, lookup)
    value = parser.expr()
    if parser.pos != len(tokens):
        raise FormulaError(f"unexpected {tokens[parser.pos][1]!r} in {text!r}")
    return value


class _Parser:
    """One formula read by recursive descent. Methods, not closures that name each other:
    those made a reference cycle a call, which kept ``lookup`` (and all it holds: the
    loader's records) alive until the collector next ran."""

    def __init__(
        self, text: str, tokens: list[tuple[str, str]], lookup: Callable[[str], Decimal]
    ) -> None:
        self.text = text
        self.tokens = tokens
        self.lookup = lookup
        self.pos = 0

    def peek(self) -> tuple[str, str]:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else ("end", "")

    def take(self) -> tuple[str, str]:
        token = self.peek()
        self.pos += 1
        return token

    def atom(self) -> Decimal:
        kind, value = self.take()
        if kind == "num":
            return Decimal(value)
        if kind == "id":
            return self.lookup(value)
        if (kind, value) == ("op", "("):
            inner = self.expr()
            if self.take() != ("op", ")"):
                raise FormulaError(f"missing ')' in {self.text!r}")
            return inner
        if (kind, value) == ("op", "-"):
            return -self.atom()
        raise FormulaError(f"unexpected {value or 'end'!r} in {self.text!r}")

    def term(self) -> Decimal:
        result = self.atom()
        while self.peek() in (("op", "*"), ("op", "/")):
            _, op = self.take()
            right = self.atom()
            try:
                result = result * right if op == "*" else result / right
            except (DivisionByZero, InvalidOperation) as exc:
                raise FormulaError(f"division by zero in {self.text!r}") from exc
        return result

    def expr(self) -> Decimal:
        result = self.term()
        while self.peek() in (("op", "+"), ("op", "-")):
            _, op = self.take()
            right = self.term()
            result = result + right if op == "+" else result - right
        return result
