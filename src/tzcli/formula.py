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


def names(text: str) -> tuple[str, ...]:
    """The ids a formula uses, in order of first use."""
    seen: list[str] = []
    for kind, value in _tokens(text):
        if kind == "id" and value not in seen:
            seen.append(value)
    return tuple(seen)


def evaluate(text: str, lookup: Callable[[str], Decimal]) -> Decimal:
    """The value of ``text``, with ``lookup`` giving each id's value."""
    tokens = _tokens(text)
    if not tokens:
        raise FormulaError("empty formula")
    pos = 0

    def peek() -> tuple[str, str]:
        return tokens[pos] if pos < len(tokens) else ("end", "")

    def take() -> tuple[str, str]:
        nonlocal pos
        token = peek()
        pos += 1
        return token

    def atom() -> Decimal:
        kind, value = take()
        if kind == "num":
            return Decimal(value)
        if kind == "id":
            return lookup(value)
        if (kind, value) == ("op", "("):
            inner = expr()
            if take() != ("op", ")"):
                raise FormulaError(f"missing ')' in {text!r}")
            return inner
        if (kind, value) == ("op", "-"):
            return -atom()
        raise FormulaError(f"unexpected {value or 'end'!r} in {text!r}")

    def term() -> Decimal:
        result = atom()
        while peek() in (("op", "*"), ("op", "/")):
            _, op = take()
            right = atom()
            try:
                result = result * right if op == "*" else result / right
            except (DivisionByZero, InvalidOperation) as exc:
                raise FormulaError(f"division by zero in {text!r}") from exc
        return result

    def expr() -> Decimal:
        result = term()
        while peek() in (("op", "+"), ("op", "-")):
            _, op = take()
            right = term()
            result = result + right if op == "+" else result - right
        return result

    value = expr()
    if pos != len(tokens):
        raise FormulaError(f"unexpected {tokens[pos][1]!r} in {text!r}")
    return value
