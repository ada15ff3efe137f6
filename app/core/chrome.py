"""Page chrome: the lines of a scraped page that are not the article's sentences (headlines,
tag lines, menus, bylines, photo credits, footers). A line is chrome when it does not end as a
sentence does and reads like a heading: most of its words capitalised, or a few words only.
Quotes in quotation marks on such lines stay (a headline can quote: ``Carson: Clinton 'Not
Fit To Serve'`` ends with its mark); names and reported speech there are not trusted."""

from __future__ import annotations

import re

SENTENCE_END = tuple(".!?…:;\"'”’»)]")
WORD = re.compile(r"[^\W\d_][\w'’&.-]*")
SMALL_WORDS = frozenset(["a", "an", "and", "as", "at", "but", "by", "for", "from", "in", "into",
                         "of", "on", "or", "the", "to", "with", "vs"])
FEW_WORDS = 3
HEADING_SHARE = 0.6


def is_chrome(line: str) -> bool:
    """Whether a line reads as page chrome, not as a sentence of the article."""
    text = line.strip()
    if not text or text.endswith(SENTENCE_END):
        return False
    words = [w for w in WORD.findall(text) if w.lower() not in SMALL_WORDS]
    if len(words) <= FEW_WORDS:
        return True
    return sum(w[0].isupper() for w in words) >= HEADING_SHARE * len(words)


def chrome_spans(text: str) -> list[tuple[int, int]]:
    """The (start, end) offsets of the chrome lines of a text, in order."""
    spans, start = [], 0
    for line in text.split("\n"):
        end = start + len(line)
        if is_chrome(line):
            spans.append((start, end))
        start = end + 1
    return spans
