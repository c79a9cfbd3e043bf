"""Text rules of a table for a person: where a cell may be cut or wrapped, measured in
terminal cells (CJK characters take two), never inside a number (with its 万/亿 and
unit), a word or an id; punctuation that may not start or end a line kept with its
neighbour. Pure functions of text and width; nothing is drawn here.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from rich.cells import cell_len

#: A number with what belongs to it: sign or qualifier, digits, range, 万/亿, unit.
_NUMBER = (
    r"(?:(?:≥ ?|~|约|近|超)?(?:CNY )?)\d[\d,.]*(?:[–-]\d[\d,.]*)?\+?"
    r"(?: ?(?:万|亿|million|billion))*"
    r"(?:平方米|平方公里|公里|公顷|人次|百万元|[元人户亩米个家年月日项名座条所次倍处眼栋套间%余多])*"
    r"(?: (?:mu|m²|km|ha|m|people|households|person-times|yuan)\b)?"
)
#: Tokens of a text with no CJK character: a number, spaces, or anything else up to a space.
_TOKENS_WITHOUT_CJK = re.compile(rf"(?P<num>{_NUMBER})|(?P<space>\s+)|\S+")
#: Where a token of a text with CJK characters may start with a number or spaces; a run of
#: printable ASCII; both without a class of CJK ranges, which costs re a Python loop over
#: every code point of them at compile time (~5 ms a table call, paid at import before).
_LEAD = re.compile(rf"(?P<num>{_NUMBER})|(?P<space>\s+)|[!-~]+")
_ASCII_RUN = re.compile(r"[!-~]*")
#: A token: its text, its kind (num, space, word, or cjk: one CJK character), its start.
Token = tuple[str, str, int]


def is_cjk(ch: str) -> bool:
    """``ch`` is a CJK character or CJK punctuation (one that breaks a line anywhere)."""
    code = ord(ch)
    return 0x2E80 <= code <= 0x9FFF or 0xF900 <= code <= 0xFAFF or 0xFF00 <= code <= 0xFFEF


def tokens(text: str) -> Iterator[Token]:
    """``text`` as the tokens a line is never broken inside, in order: numbers (with their
    qualifier, 万/亿 and unit), spaces, words (up to a space or a CJK character) and CJK
    characters one by one."""
    if text.isascii() or max(text) < "\u2e80":
        for match in _TOKENS_WITHOUT_CJK.finditer(text):
            yield match.group(), match.lastgroup or "word", match.start()
        return
    pos, stop = 0, len(text)
    while pos < stop:
        lead = _LEAD.match(text, pos)
        if lead is not None and lead.lastgroup is not None:
            yield lead.group(), lead.lastgroup, pos
            pos = lead.end()
            continue
        if lead is None and is_cjk(text[pos]):
            yield text[pos], "cjk", pos
            pos += 1
            continue
        end = pos if lead is None else lead.end()
        while end < stop:  # a word: on to the next space or CJK character
            ch = text[end]
            if ch.isspace() or is_cjk(ch):
                break
            end = _ASCII_RUN.match(text, end + 1).end()  # type: ignore[union-attr]
        yield text[pos:end], "word", pos
        pos = end


#: Punctuation that never starts a line, and that never ends one.
_CLOSING = set("，。、；：！？）》」』”’,.;:!?)]%…")
_OPENING = set("（《「『“‘([")


def chunks(text: str) -> list[tuple[str, bool, bool]]:
    """``text`` as unbreakable chunks: (text, a space before it, holds a number)."""
    chunks: list[tuple[str, bool, bool]] = []
    space = False
    for token, kind, _ in tokens(text):
        if kind == "space":
            space = True
            continue
        number = kind == "num" or any(ch.isdigit() for ch in token)
        if chunks and not space:
            previous, before, had = chunks[-1]
            joined = not (is_cjk(previous[-1]) or is_cjk(token[0])) or (
                token[0] in _CLOSING or previous[-1] in _OPENING
            )
            if joined:
                chunks[-1] = (previous + token, before, had or number)
                continue
        chunks.append((token, space, number))
        space = False
    return chunks


def prefix(text: str, width: int) -> str:
    """The longest start of ``text`` that fits ``width`` cells."""
    out = []
    used = 0
    for ch in text:
        used += cell_len(ch)
        if used > width:
            break
        out.append(ch)
    return "".join(out)


def cut(text: str, width: int) -> str:
    """``text`` in ``width`` cells: whole when it fits, else cut with ``…``, never inside a
    number: the cell ends before it, or, when the text ends with it and the cut would
    leave no number, the text is shortened before it (``实现…11334万元``)."""
    if cell_len(text) <= width:
        return text
    room = width - 1
    out = ""
    for token, space, number in chunks(text):
        piece = (" " if space and out else "") + token
        if cell_len(out + piece) <= room:
            out += piece
            continue
        if not number:  # a word or run of CJK text may be cut inside; a number may not
            for part, kind, _ in tokens(piece):
                fits = cell_len(out + part) <= room
                if fits:
                    out += part
                    continue
                if kind != "num" and not any(c.isdigit() for c in part):
                    out += prefix(part, room - cell_len(out))
                break
        break
    out = out.rstrip()
    if not any(c.isdigit() for c in out):
        return _before_number(text, width) or out + "…"
    return out + "…"


def _before_number(text: str, width: int) -> str | None:
    """``text`` shortened before the Chinese amount that ends it (``实现…11334万元``), when
    the cut would leave no number at all; None when there is no such amount or no room
    for it and two characters before it."""
    number, start = next(((t, at) for t, kind, at in tokens(text) if kind == "num"), ("", 0))
    if not number or text[start + len(number) :].strip("。，；、）"):
        return None
    if not any(map(is_cjk, number)):  # only a Chinese amount: 11334万元, 550户
        return None
    tail = text[start:]
    room = width - 1 - cell_len(tail)
    if room < 4:
        return None
    head = prefix(text[:start], room).rstrip()
    return head + "…" + tail if head else None


#: Punctuation after which a line of Chinese text breaks best (a clause ends there).
_BREAK_AFTER = set("，、；。：！？,;:")

Chunk = tuple[str, bool, bool]


def _line_text(line: list[Chunk]) -> str:
    return "".join((" " if space and k else "") + token for k, (token, space, _) in enumerate(line))


def _good_break(chunk: Chunk) -> bool:
    """A line may end well after ``chunk``: after a clause's punctuation, or after a number
    with its unit (``11352人``) where a word follows."""
    token, _, number = chunk
    return token[-1] in _BREAK_AFTER or (number and is_cjk(token[-1]))


def _inside_cjk(line: list[Chunk], following: Chunk) -> bool:
    """A break before ``following`` would fall between two CJK characters of a run (with no
    space, punctuation or number to end a word there): possibly inside a word."""
    token, _, number = line[-1]
    return (
        not following[1]
        and not _good_break(line[-1])
        and is_cjk(token[-1])
        and is_cjk(following[0][0])
    )


def _lone(line: list[Chunk]) -> bool:
    """A line of one CJK character (with the punctuation that closes it): a word's
    last character left on its own."""
    if len(line) != 1 or line[0][2]:
        return False
    letters = [ch for ch in line[0][0] if ch not in _CLOSING]
    return len(letters) == 1 and is_cjk(letters[0])


def wrap(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` cells, broken at spaces and between CJK
    characters, never inside a word, a number (with its 万/亿 and unit) or an id;
    only a chunk wider than ``width`` itself is broken (no line is ever wider).

    Chinese has no spaces and we have no word segmenter (no dependency for it), so any
    break between two characters may split a word (``实现脱`` / ``贫``). Two rules keep
    that rare: a break that would fall inside a run of characters moves back to just
    after a clause's punctuation (，、；。：) or a number with its unit (``11352人``) when
    one is close (a quarter of the width, at least 4 cells); and no line is one
    character alone (what ends the line before it joins it)."""
    width = max(1, width)
    lines: list[str] = []
    for paragraph in text.split("\n"):
        lines += [_line_text(line) for line in _wrap_chunks(chunks(paragraph), width)]
    return lines


def _wrap_chunks(pieces: list[Chunk], width: int) -> list[list[Chunk]]:
    lines: list[list[Chunk]] = [[]]
    near = max(4, width // 4)
    for chunk in pieces:
        line = lines[-1]
        if cell_len(_line_text([*line, chunk])) <= width:
            line.append(chunk)
            continue
        if line:
            carried: list[Chunk] = []
            if _inside_cjk(line, chunk):
                for k in range(len(line) - 1, 0, -1):
                    tail = line[k:]
                    if cell_len(_line_text(tail)) > near:
                        break
                    if _good_break(line[k - 1]) and (cell_len(_line_text([*tail, chunk])) <= width):
                        carried = tail
                        del line[k:]
                        break
            lines.append(carried)
            line = lines[-1]
            if carried:
                line.append(chunk)
                continue
        token, space, number = chunk  # on a line of its own: the space before it kept
        while cell_len(token) > width:  # wider than a line itself: broken where it must be
            head = prefix(token, width) or token[0]  # a wide character on 1 cell
            lines[-1].append((head, space, number))
            token, space = token[len(head) :], False
            if token:
                lines.append([])
        if token:
            lines[-1].append((token, space, number))
    for k in range(1, len(lines)):  # no character alone: the one before it joins it
        previous, line = lines[k - 1], lines[k]
        if _lone(line) and not line[0][1] and len(previous) > 1:
            moved = [previous[-1], *line]
            if cell_len(_line_text(moved)) <= width:
                lines[k] = moved
                del previous[-1]
    return lines


def pad(text: str, width: int, right: bool) -> str:
    gap = " " * max(0, width - cell_len(text))
    return gap + text if right else text + gap


_PHRASE_END = re.compile(r"(?<=[,;·])\s+|\s+(?=·)")


def wrap_phrases(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` cells, broken after a comma, a semicolon or
    before a ``·`` (a name such as ``(穆森 Mu Sen)`` stays on one line); a phrase wider
    than a line is wrapped between its words."""
    lines: list[str] = []
    line = ""
    for phrase in _PHRASE_END.split(text):
        joined = f"{line} {phrase}" if line else phrase
        if cell_len(joined) <= width:
            line = joined
            continue
        if line:
            lines.append(line)
        parts = wrap(phrase, width)
        lines += parts[:-1]
        line = parts[-1]
    lines.append(line)
    return lines
