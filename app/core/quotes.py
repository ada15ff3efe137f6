"""Finding quotation marks and pairing them into quote spans.

Pure Python on purpose: this is the part every other layer trusts for offsets, so it is tested on
its own, never raises on any input, and runs in time linear in the text length.

Rules, in short:
* double marks (" “ ” „ « » ‹ ›) make quotes; single marks (‘ ’ ') make quotes when they are
  used as primary marks (British style) and nest inside double quotes otherwise;
* a mark between two letters or digits, a ' before a decade ('90s) and a trailing possessive
  (members') with no single quote open are apostrophes, never quote marks;
* marks pair like brackets inside one paragraph (a line), so “a “nested” quote” works; a quote
  left open at the end of a paragraph continues when the next paragraph opens with a mark of the
  same kind, as news style does;
* an unmatched mark is dropped, never allowed to swallow the text that follows it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from enum import Enum

DOUBLE_MARKS = frozenset('"“”„«»‹›')
SINGLE_MARKS = frozenset("‘’'‚")
ALL_MARKS = DOUBLE_MARKS | SINGLE_MARKS
# Curly marks have a usual role that only a clear context overrides (”Sloppy” typing);
# ’ closes a single quote or is an apostrophe (members’); ' and " depend on their neighbours.
USUALLY_OPENING = frozenset("“„«‹‘‚")
USUALLY_CLOSING = frozenset("”»›’")
OPENERS_BEFORE = frozenset("([{<—–-/")
DECADE = re.compile(r"\d0s\b|\d\d\b")
PARAGRAPH_BREAK = re.compile(r"\n")
POSSESSIVE_FOLLOW = re.compile(r" [a-z0-9]")
GERMAN_CLOSERS = frozenset("“\"")


class Role(Enum):
    OPEN = "open"
    CLOSE = "close"
    EITHER = "either"


@dataclass(frozen=True)
class Mark:
    """One quotation mark: where it is, which family it belongs to and what it can do."""

    pos: int
    char: str
    double: bool
    role: Role
    possessive: bool = False  # a closing single mark that may be a plural possessive (boys' toys)
    width: int = 1  # 2 for '' used as a double mark

    @property
    def end(self) -> int:
        return self.pos + self.width


@dataclass
class QuoteSpan:
    """A quoted stretch of text. ``start``/``end`` exclude the marks; ``open_at``/``close_at``
    are the offsets of the outer marks (``close_at`` is one past the closing mark)."""

    start: int
    end: int
    open_at: int
    close_at: int
    double: bool = True
    paragraphs: int = 1
    nested: list[QuoteSpan] = field(default_factory=list)

    def text(self, source: str) -> str:
        return source[self.start:self.end]


def _is_word(ch: str) -> bool:
    return ch.isalnum()


def _is_blank(ch: str) -> bool:
    """White space, or an invisible format character (a direction mark) standing in for it."""
    return ch.isspace() or unicodedata.category(ch) == "Cf"


def _classify(text: str, pos: int, width: int = 1) -> Mark | None:
    """Decide whether the mark at ``pos`` (``width`` characters) is a quotation mark and what
    role it can play."""
    ch = text[pos]
    before = text[pos - 1] if pos > 0 else " "
    after = text[pos + width] if pos + width < len(text) else " "
    double = ch in DOUBLE_MARKS or width == 2
    if not double:
        if _is_word(before) and _is_word(after):
            return None  # don't, Stoltenberg's, rock'n'roll
        if ch in "'’" and not _is_word(before) and DECADE.match(text, pos + 1):
            return None  # '90s, '16
    left_space = _is_blank(before) or before in OPENERS_BEFORE or before in ALL_MARKS
    right_space = _is_blank(after) or (not _is_word(after) and after not in "$£€#@([")
    if left_space and not right_space:
        role = Role.OPEN
    elif right_space and not left_space:
        role = Role.CLOSE
    elif ch in USUALLY_OPENING:
        role = Role.OPEN
    elif ch in USUALLY_CLOSING:
        role = Role.CLOSE
    else:
        role = Role.EITHER
    if ch == "’" and role is Role.OPEN:
        role = Role.CLOSE  # ’tis, ’em: an elided word, never an opening mark
    possessive = (not double and role is Role.CLOSE and before in "sS"
                  and POSSESSIVE_FOLLOW.match(text, pos + 1) is not None)
    return Mark(pos, '"' if width == 2 else ch, double, role, possessive, width)


def find_marks(text: str, start: int = 0, end: int | None = None) -> list[Mark]:
    """All quotation marks in ``text[start:end]`` (apostrophes left out)."""
    end = len(text) if end is None else end
    marks = []
    pos = start
    while pos < end:
        ch = text[pos]
        if ch in ALL_MARKS:
            if pos > 0 and text[pos - 1] == "=":  # markup: attr="value" is not a quote
                closing = text.find(ch, pos + 1, end)
                pos = end if closing < 0 else closing + 1
                continue
            width = 2 if text.startswith("''", pos) and pos + 1 < end else 1
            mark = _classify(text, pos, width)
            if mark is not None:
                marks.append(mark)
            pos += width
        else:
            pos += 1
    return marks


def _closes(open_mark: Mark, mark: Mark) -> bool:
    if open_mark.char == "„" and mark.char in GERMAN_CLOSERS:
        return True  # „German“
    return mark.role is not Role.OPEN


def _pair(marks: list[Mark], stack: list[Mark] | None = None
          ) -> tuple[list[tuple[Mark, Mark]], list[Mark]]:
    """Pair one family's marks like brackets, left to right.

    ``stack`` may hold a mark already open (a quote continued from the previous paragraph).
    Returns the pairs and the marks still open at the end, outermost first. A closing mark with
    nothing open is dropped.
    """
    stack = list(stack or [])
    pairs: list[tuple[Mark, Mark]] = []
    for mark in marks:
        if stack and _closes(stack[-1], mark):
            pairs.append((stack.pop(), mark))
        elif mark.role is not Role.CLOSE:
            stack.append(mark)
    return pairs, stack


def _pair_singles(marks: list[Mark]) -> list[tuple[Mark, Mark]]:
    """Pair single marks, reading a possessive (boys') as a closing mark only when needed."""
    pairs, left_open = _pair([m for m in marks if not m.possessive])
    if left_open:
        pairs, _ = _pair(marks)
    return pairs


def _trimmed(text: str, start: int, end: int) -> tuple[int, int] | None:
    """``start``/``end`` moved inwards past white space; None when nothing is left."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """Non-empty lines as (start, end) offsets: the unit inside which marks are paired."""
    bounds = []
    last = 0
    for match in PARAGRAPH_BREAK.finditer(text):
        if match.start() > last:
            bounds.append((last, match.start()))
        last = match.end()
    if last < len(text):
        bounds.append((last, len(text)))
    return bounds


def _reopening_mark(text: str, paragraph: tuple[int, int], double: bool) -> Mark | None:
    """The mark a paragraph opens with, if it is an opening mark of this family."""
    start, end = paragraph
    while start < end and text[start].isspace():
        start += 1
    marks = find_marks(text, start, min(end, start + 2))
    if not marks or marks[0].pos != start or marks[0].double != double:
        return None
    return marks[0] if marks[0].role is not Role.CLOSE else None


def _nest(spans: list[QuoteSpan]) -> list[QuoteSpan]:
    """Put every span inside the outermost span that contains it; drop spans that cross one."""
    spans.sort(key=lambda s: (s.open_at, -s.close_at))
    top: list[QuoteSpan] = []
    for span in spans:
        outer = top[-1] if top else None
        if outer is None or span.open_at >= outer.close_at:
            top.append(span)
        elif span.close_at <= outer.close_at:
            outer.nested.append(span)
        elif not span.double and outer.double:
            continue  # a single pair crossing a double quote was two apostrophes
        else:
            top.append(span)
    return top


def find_quote_spans(text: str) -> list[QuoteSpan]:
    """Every top-level quote in ``text`` in order, with the quotes nested in each of them."""
    paragraphs = _paragraphs(text)
    quotes: list[QuoteSpan] = []
    carried: QuoteSpan | None = None  # a quote left open by the previous paragraph
    for index, (p_start, p_end) in enumerate(paragraphs):
        marks = find_marks(text, p_start, p_end)
        doubles = [m for m in marks if m.double]
        spans: list[QuoteSpan] = []
        stack: list[Mark] = []
        if carried is not None:
            stack = [doubles.pop(0)]  # the mark that re-opens the carried quote
            carried.paragraphs += 1
        pairs, still_open = _pair(doubles, stack)
        for open_mark, close_mark in pairs:
            if carried is not None and open_mark is stack[0]:
                carried.end, carried.close_at = close_mark.pos, close_mark.end
                spans.append(carried)
                carried = None
            else:
                spans.append(QuoteSpan(open_mark.end, close_mark.pos, open_mark.pos,
                                       close_mark.end))
        spans += [QuoteSpan(o.end, c.pos, o.pos, c.end, double=False)
                  for o, c in _pair_singles([m for m in marks if not m.double])]
        outermost = still_open[0] if still_open else None
        next_reopens = (index + 1 < len(paragraphs)
                        and _reopening_mark(text, paragraphs[index + 1], True) is not None)
        if carried is not None:
            carried.end = carried.close_at = p_end
            if outermost is not stack[0] or not next_reopens:
                spans.append(carried)  # re-opened but never closed: it ends with its paragraph
                carried = None
        elif outermost is not None and next_reopens:
            carried = QuoteSpan(outermost.end, p_end, outermost.pos, p_end)
        for span in _nest(spans):
            bounds = _trimmed(text, span.start, span.end)
            if bounds is not None:
                span.start, span.end = bounds
                span.nested = [n for n in span.nested if _trim_in_place(text, n)]
                quotes.append(span)
    return quotes


def _trim_in_place(text: str, span: QuoteSpan) -> bool:
    bounds = _trimmed(text, span.start, span.end)
    if bounds is None:
        return False
    span.start, span.end = bounds
    return True
