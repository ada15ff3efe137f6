"""The document attribution reads: built once per parsed ``Doc`` and not changed afterwards.

It holds what every rule asks about: the quotes and transcript turns found in the text, which
quote each token sits in, the sentence starts, the name index and the people named outside
quotes, and the frames of words before and after each quote.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterator, Sequence

from spacy.tokens import Doc, Span, Token

from app.core.chrome import chrome_spans
from app.core.lexicon import Lexicon
from app.core.quotes import QuoteSpan, find_quote_spans
from app.core.results import TextSpan
from app.core.transcript import (
    Turn,
    find_headline_attributions,
    find_inline_turns,
    find_interview_turns,
    find_transcript_turns,
)
from app.nlp.coreference import sentence_index
from app.nlp.names import NamedEntity, NameIndex

# the finders of transcript turns, by the rule name a trace gives them
TURN_FINDERS: dict[str, Callable[[str], list[Turn]]] = {
    "transcript_turn": find_transcript_turns,
    "interview_turn": find_interview_turns,
    "headline_attribution": find_headline_attributions,
}
INLINE_TURN = "inline_turn"
TURN_RULES = (*TURN_FINDERS, INLINE_TURN)


def find_turns(text: str, quotes: list[QuoteSpan], rules: Sequence[str] = TURN_RULES
               ) -> dict[Turn, str]:
    """Transcript turns (``TAPPER: …``), an interview's questions and answers (``Q: …``),
    headline attributions (``Poll: …``, on lines no turn holds) and turns run together inside
    one quote, each with the rule that found it."""
    turns: dict[Turn, str] = {}
    if "transcript_turn" in rules:
        turns.update((t, "transcript_turn") for t in find_transcript_turns(text))
    if "interview_turn" in rules:
        taken = {t.label_start for t in turns}
        turns.update((t, "interview_turn") for t in find_interview_turns(text)
                     if t.label_start not in taken)
    if "headline_attribution" in rules:
        lines = {t.label_start for t in turns}
        turns.update((h, "headline_attribution") for h in find_headline_attributions(text)
                     if h.label_start not in lines)
    if INLINE_TURN in rules:
        free = [q for q in quotes
                if not any(q.open_at < t.end and t.start < q.close_at for t in turns)]
        turns.update((t, INLINE_TURN) for t in find_inline_turns(text, free))
    return turns


class QuoteDoc:
    """One parsed document with its quotes, turns and token maps (read-only once built)."""

    def __init__(self, doc: Doc, lexicon: Lexicon, turn_rules: Sequence[str] = TURN_RULES,
                 first_names: frozenset[str] = frozenset()) -> None:
        self.doc = doc
        self.text = doc.text
        self.lexicon = lexicon
        self.chrome = chrome_spans(self.text)  # page chrome: headings, menus, tag lines
        self.names = NameIndex(doc, lexicon, self.chrome, first_names)
        found = find_quote_spans(self.text)
        self.turn_rule = find_turns(self.text, found, turn_rules)
        self.turns = list(self.turn_rule)
        self.quotes, self.turn_of = self._with_turns(found)
        # head token of each turn's label → the label, which is the speaker mention (an
        # interview's "Q" and "A" name nobody)
        self.turn_labels = {label.root.i: label for label in map(
            self.turn_label, [t for t in self.turns if t.asks is None]) if label is not None}
        self._starts = [t.idx for t in doc]
        self.quote_of = [-1] * len(doc)
        for index, quote in enumerate(self.quotes):
            first, last = self.token_at(quote.open_at), self.token_at(quote.close_at - 1)
            for i in range(first, last + 1):
                self.quote_of[i] = index
        self.sentence_starts = [s.start for s in doc.sents]
        people = sorted(((span.start, entity) for entity in self.names.entities
                         if entity.label == "PERSON" for span in entity.spans
                         if self.quote_of[span.start] == -1), key=lambda p: p[0])
        self.person_name_starts = [start for start, _ in people]
        self.person_names: list[NamedEntity] = [entity for _, entity in people]

    def _with_turns(self, quotes: list[QuoteSpan]) -> tuple[list[QuoteSpan], dict[int, Turn]]:
        """The quotes with every quoted transcript turn as a quote of its own, in place of the
        quotes its marks would otherwise make (one quote of many paragraphs); quotes inside a
        turn's words stay. Returns the quotes and, by index, the turn each one is."""
        if not self.turns:
            return quotes, {}

        def crosses(quote: QuoteSpan, turn: Turn) -> bool:
            line_start = turn.open_at if turn.open_at is not None else turn.label_start
            line_end = turn.close_at if turn.close_at is not None else turn.end
            overlaps = quote.open_at < line_end and line_start < quote.close_at
            inside = turn.start <= quote.open_at and quote.close_at <= turn.end
            return overlaps and not inside

        kept: list[tuple[QuoteSpan, Turn | None]] = [
            (q, None) for q in quotes if not any(crosses(q, t) for t in self.turns if t.quoted)]
        for turn in self.turns:
            if turn.open_at is not None and turn.close_at is not None:
                at = next((n for n, (q, _) in enumerate(kept) if q.open_at > turn.open_at),
                          len(kept))
                kept.insert(at, (QuoteSpan(turn.start, turn.end, turn.open_at, turn.close_at),
                                 turn))
        return [q for q, _ in kept], {n: t for n, (_, t) in enumerate(kept) if t is not None}

    # -- offsets -------------------------------------------------------------------------------
    def token_at(self, char: int) -> int:
        """Index of the token that contains (or last starts before) a character offset."""
        return max(0, bisect.bisect_right(self._starts, char) - 1)

    @staticmethod
    def span(span: Span) -> TextSpan:
        return TextSpan(span.text, span.start_char, span.end_char)

    def on_chrome(self, char: int) -> bool:
        """Whether a character offset lies on a line of page chrome (``app.core.chrome``)."""
        return any(start <= char < end for start, end in self.chrome)

    def in_quote(self, token: Token) -> bool:
        return self.quote_of[token.i] != -1

    def same_paragraph(self, a: Token, b: Token) -> bool:
        low, high = sorted((a.idx, b.idx))
        return "\n" not in self.text[low:high]

    def sentence_index(self, token: Token) -> int:
        return sentence_index(self.sentence_starts, token.i)

    def quote_words(self, index: int) -> list[str]:
        quote = self.quotes[index]
        return self.text[quote.start:quote.end].split()

    def turn_label(self, turn: Turn) -> Span | None:
        return self.doc.char_span(turn.label_start, turn.label_end, alignment_mode="expand")

    # -- frames --------------------------------------------------------------------------------
    def before_frame(self, index: int) -> list[Token]:
        """Tokens of the quote's sentence before its opening mark, within its paragraph."""
        open_tok = self.doc[self.token_at(self.quotes[index].open_at)]
        frame = []
        for i in range(open_tok.i - 1, open_tok.sent.start - 1, -1):
            token = self.doc[i]
            if "\n" in token.text or self.quote_of[i] != -1:
                break
            frame.append(token)
        frame.reverse()
        return frame

    def after_frame(self, index: int) -> list[Token]:
        """Tokens after the closing mark up to the end of that sentence, within the paragraph."""
        close_i = self.token_at(self.quotes[index].close_at - 1)
        if close_i + 1 >= len(self.doc):
            return []
        end = self.doc[close_i + 1].sent.end
        frame = []
        for i in range(close_i + 1, end):
            token = self.doc[i]
            if "\n" in token.text or self.quote_of[i] != -1:
                break
            frame.append(token)
        return frame

    def first_after(self, index: int) -> Token | None:
        """The first word after the quote's closing mark."""
        for token in self.doc[self.token_at(self.quotes[index].close_at - 1) + 1:]:
            if not (token.is_punct or token.is_space):
                return token
        return None

    def token_before_mark(self, index: int, skipping: tuple[str, ...] = ()) -> int:
        """The last token before the quote's opening mark that is no white space (nor one of
        ``skipping``); -1 at the start of the text."""
        i = self.token_at(self.quotes[index].open_at) - 1
        while i >= 0 and (self.doc[i].is_space or self.doc[i].text in skipping):
            i -= 1
        return i

    def colon_before(self, index: int) -> int | None:
        """The colon (outside quotes) right before the quote's opening mark, if there is one."""
        i = self.token_before_mark(index)
        if i < 0 or self.doc[i].text != ":" or self.quote_of[i] != -1:
            return None
        return i

    def governs_quote(self, verb: Token, index: int) -> bool:
        """Whether the quote's words hang under ``verb`` in the parse."""
        quote = self.quotes[index]
        first, last = self.token_at(quote.start), self.token_at(quote.end - 1)
        return verb.left_edge.i <= last and verb.right_edge.i >= first and any(
            self.quote_of[t.i] == index for t in verb.subtree)

    def heads_above(self, index: int, limit: int) -> Iterator[Token]:
        """The tokens a quote hangs from in the parse, nearest first, at most ``limit``; none
        when the quote is a sentence of its own."""
        quote = self.quotes[index]
        inside = self.doc[self.token_at(quote.start):self.token_at(quote.end - 1) + 1]
        head = inside.root.head
        for _ in range(limit):
            if inside.start <= head.i < inside.end:
                return
            yield head
            if head.head == head:
                return
            head = head.head

    def sentence(self, index: int) -> tuple[int, int]:
        """The context sentence of a quote: from its first sentence to the end of the words
        after it (or to its closing mark, when a full stop inside the marks ends the sentence
        and the parser ran on into the next one), trimmed of white space."""
        quote = self.quotes[index]
        first = self.doc[self.token_at(quote.open_at)].sent
        last = self.doc[self.token_at(quote.close_at - 1)].sent
        after = self.after_frame(index)
        end = max(last.end_char, after[-1].idx + len(after[-1]) if after else 0)
        if self.text[quote.start:quote.end].rstrip().endswith("."):
            end = quote.close_at  # a full stop inside the marks ends the sentence there
        start = first.start_char
        while end > start and self.text[end - 1].isspace():
            end -= 1
        while start < end and self.text[start].isspace():
            start += 1
        return start, end
