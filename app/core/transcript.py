"""Lines that open with who says them: transcript turns, paragraphs that open with a speaker's
name in capitals and a colon, as news sites print interviews and debates ("WALLACE: Is that a
fair comparison?"), the same turns run together inside one quote ("“HOST:
Are you running? SMITH: Not this year.”"), and headline attributions ("Trump: Clinton should
have congratulated me").

Each turn is its own quote whatever its quotation marks do: transcripts often open every
paragraph with a mark and close none, which would otherwise read as one quote of many
paragraphs with one speaker. Interviews printed as questions and answers ("Q: … A: …",
"Question: … Answer: …") are turns too, each marked as a question or an answer: the label
names nobody, the article's introduction does. Pure Python, like app.core.quotes: offsets
only.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace

from app.core.quotes import QuoteSpan

LINE = re.compile(r"[^\n]+")
LABEL = r"(?P<label>[A-Z][A-Z.'’-]*(?: [A-Z][A-Z.'’-]*){0,3})"  # capitals, at most four words
# a line: an optional opening mark, a label, a colon, words
TURN = re.compile(r"[ \t]*(?P<mark>[\"“]?)[ \t]*" + LABEL + r":[ \t]+(?P<content>\S)")
# a label inside a quote: at its start, or after the end of a sentence
INLINE_LABEL = re.compile(r"(?:^|(?<=[.?!…] )|(?<=[.?!…][\"”’] ))" + LABEL + r":[ \t]+(?=\S)")
# a paragraph going on with the turn before it: a mark, then words (not a "(CROSSTALK.)" note)
CONTINUED = re.compile(r"[ \t]*(?P<mark>[\"“])[ \t]*(?P<content>[^\s(])")
UNMARKED = re.compile(r"[ \t]*(?P<content>[^\s(\"“])")  # the same in a transcript without marks
CLOSING_MARKS = "\"”"
MIN_TURNS = 3  # a lone "UPDATE:" or "EXCLUSIVE:" line is a heading, not a transcript
MIN_SPEAKERS = 2
MIN_LABEL_LETTERS = 2  # Q: and A: interviews name nobody: they are found apart
# an interview's question and answer labels ("Q: …", "Answer: …")
QUESTION_LABELS = frozenset({"q", "question"})
INTERVIEW = re.compile(r"[ \t]*(?P<label>Q|A|QUESTION|ANSWER|Question|Answer)[:.][ \t]+"
                       r"(?P<content>\S)")
MIN_ANSWERS = 2
# a headline line: a short source in ordinary case, a colon, a claim ("Poll: Voters …")
HEADLINE = re.compile(
    r"[ \t]*(?P<label>[A-Z][^:\n\"“”]{0,60}?):[ \t]+(?P<content>[^\s\"“][^\n]*)")
HEADLINE_MAX_LABEL_WORDS = 6
HEADLINE_MIN_WORDS = 3
HEADLINE_MAX_WORDS = 30


@dataclass(frozen=True)
class Turn:
    """One turn: the label's offsets, the spoken words' offsets and, when the paragraph opens
    with a quotation mark, where that mark is (and one past the closing mark, if any)."""

    label_start: int
    label_end: int
    start: int
    end: int
    open_at: int | None
    close_at: int | None
    asks: bool | None = None
    """In an interview: True for a question, False for an answer; None for a named turn."""

    @property
    def quoted(self) -> bool:
        return self.open_at is not None


def find_transcript_turns(text: str) -> list[Turn]:
    """The turns of a text, or none unless it reads as a transcript: at least three turns by at
    least two speakers. A paragraph with no label goes on with the turn before it, up to the
    last labelled turn (in a transcript whose paragraphs open with quotation marks, one that
    opens with a mark)."""
    turns: list[Turn] = []
    labelled: list[Turn] = []
    for line in LINE.finditer(text):
        match = TURN.match(line[0])
        if match is not None and _names_someone(match["label"]):
            offset = line.start()
            turns.append(_turn(text, offset + match.start("label"), offset + match.end("label"),
                               offset + match.start("content"),
                               offset + match.start("mark") if match["mark"] else None))
            labelled.append(turns[-1])
        elif turns and (more := (CONTINUED if turns[-1].quoted else UNMARKED).match(line[0])):
            offset = line.start()
            turns.append(_turn(text, turns[-1].label_start, turns[-1].label_end,
                               offset + more.start("content"),
                               offset + more.start("mark") if turns[-1].quoted else None))
    speakers = {_speaker_key(text[t.label_start:t.label_end]) for t in labelled}
    if len(labelled) < MIN_TURNS or len(speakers) < MIN_SPEAKERS:
        return []
    # words after the last labelled turn may be the article's own ("Follow X on Twitter")
    return [t for t in turns if t.start <= labelled[-1].start]


def find_interview_turns(text: str) -> list[Turn]:
    """The questions and answers of an interview (``Q: …`` / ``A: …``, ``Question:`` /
    ``Answer:``), when a text holds at least two answers and a question: each is a turn,
    a paragraph with no label going on with the turn before it, up to the last labelled one.
    The words before the first question are the article's introduction of who talks."""
    turns: list[Turn] = []
    labelled: list[Turn] = []
    for line in LINE.finditer(text):
        match = INTERVIEW.match(line[0])
        offset = line.start()
        if match is not None:
            asks = match["label"].lower() in QUESTION_LABELS
            turn = _turn(text, offset + match.start("label"), offset + match.end("label"),
                         offset + match.start("content"), None)
            turns.append(replace(turn, asks=asks))
            labelled.append(turns[-1])
        elif turns and (more := UNMARKED.match(line[0])):
            last = turns[-1]
            turn = _turn(text, last.label_start, last.label_end,
                         offset + more.start("content"), None)
            turns.append(replace(turn, asks=last.asks))
    answers = sum(not t.asks for t in labelled)
    if answers < MIN_ANSWERS or answers == len(labelled):
        return []
    return [t for t in turns if t.start <= labelled[-1].start]


def find_inline_turns(text: str, quotes: Iterable[QuoteSpan]) -> list[Turn]:
    """Turns run together inside one quote of one paragraph that opens with a label: at least
    two turns by at least two speakers, each the quote's words from its label to the next."""
    turns: list[Turn] = []
    for quote in quotes:
        words = text[quote.start:quote.end]
        labels = [m for m in INLINE_LABEL.finditer(words) if _names_someone(m["label"])]
        if (not labels or labels[0].start() != len(words) - len(words.lstrip()) or "\n" in words
                or len({_speaker_key(m["label"]) for m in labels}) < MIN_SPEAKERS):
            continue
        for n, match in enumerate(labels):
            start = quote.start + match.end()
            end = quote.start + (labels[n + 1].start() if n + 1 < len(labels) else len(words))
            while end > start and text[end - 1].isspace():
                end -= 1
            last = n + 1 == len(labels)
            turns.append(Turn(quote.start + match.start("label"), quote.start + match.end("label"),
                              start, end, quote.open_at if n == 0 else quote.start + match.start(),
                              quote.close_at if last else end))
    return turns


def find_headline_attributions(text: str) -> list[Turn]:
    """Lines such as ``Dr. Ben Carson: Hillary Clinton 'Not Fit To Serve'`` or ``Poll: Wealthy
    voters abandon the party``: a source of a few words in ordinary case (capitals are
    transcripts or headings: "UPDATE:"), a colon, and a short claim, as a turn without marks."""
    found = []
    for line in LINE.finditer(text):
        match = HEADLINE.match(line[0])
        if match is None:
            continue
        label, content = match["label"].strip(), line[0][match.start("content"):]
        if (label.isupper() or len(label.split()) > HEADLINE_MAX_LABEL_WORDS
                or not HEADLINE_MIN_WORDS <= len(content.split()) <= HEADLINE_MAX_WORDS
                or label[-1:].isdigit()):
            continue
        offset = line.start()
        label_start = offset + match.start("label")
        turn = _turn(text, label_start, label_start + len(label), offset + match.start("content"),
                     None)
        end = turn.end
        while end > turn.start and text[end - 1] == ".":
            end -= 1  # the headline's full stop is not part of the claim
        found.append(Turn(turn.label_start, turn.label_end, turn.start, end, None, None))
    return found


def _turn(text: str, label_start: int, label_end: int, start: int, open_at: int | None) -> Turn:
    end = text.find("\n", start)
    end = len(text) if end < 0 else end
    while end > start and text[end - 1].isspace():
        end -= 1
    close_at = None
    if open_at is not None:
        close_at = end
        if text[end - 1] in CLOSING_MARKS:
            end -= 1
    return Turn(label_start, label_end, start, end, open_at, close_at)


def _names_someone(label: str) -> bool:
    return sum(ch.isalpha() for ch in label) >= MIN_LABEL_LETTERS


def _speaker_key(label: str) -> str:
    """JAKE TAPPER and TAPPER are one speaker."""
    return label.replace(".", " ").split()[-1]
