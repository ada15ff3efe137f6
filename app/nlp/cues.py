"""Cue candidates around one quote: the verbs before and after it that could introduce it, and
what the cue sieves ask of them (does the colon close this verb's clause, do the words after
the quote start a new sentence). Computed once per quote, when a sieve first asks."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from spacy.tokens import Span, Token

from app.core.results import QuoteType
from app.nlp.document import QuoteDoc
from app.nlp.reported import Report
from app.nlp.syntax import (
    adjacent_speaker,
    agent,
    can_speak,
    is_asked,
    is_cue_verb,
    name_around,
    share_source,
    subject,
)

SENTENCE_END = frozenset(".!?")
MAX_AFTER_GAP = 6  # tokens between a closing mark and a cue that does not govern the quote
MAX_INVERTED_GAP = 4  # words from a cue to the noun of "said the (middle-aged) woman"


@dataclass
class Cue:
    """The words that mark attribution and the head token of the speaker they point to."""

    span: Span
    subject: Token | None


def verb_cue(d: QuoteDoc, verb: Token, index: int, after: bool) -> Cue | None:
    """``verb`` as the cue of quote ``index`` (``after``: the verb follows the quote), with
    its speaker, or None when it is no cue verb or names nobody."""
    if not is_cue_verb(d, verb):
        return None
    if is_asked(d, verb):
        # the subject was asked: a quote that is the question is the agent's, or nobody's we
        # can name; any other quote ("…," she said when asked) has a cue of its own
        if not any(c.dep_ not in ("conj", "cc") and d.governs_quote(c, index)
                   for c in verb.children):
            return None
        return Cue(d.doc[verb.i:verb.i + 1], agent(verb))
    speaker = subject(d, verb)
    if speaker is not None and not can_speak(d, speaker, verb, index):
        speaker = None
    if speaker is not None:
        speaker = share_source(d, speaker)
    if speaker is None and after:
        speaker = opening_name(d, verb, index) or inverted_object(d, verb, index)
    if speaker is None:
        speaker = adjacent_speaker(d, verb)
    if speaker is None:
        return None
    if after and not d.governs_quote(verb, index):
        quote = d.quotes[index]
        if d.text[quote.start:quote.end].rstrip()[-1:] in SENTENCE_END and any(
                c.dep_ == "ccomp" and c.i > verb.i and d.quote_of[c.i] == -1
                and d.same_paragraph(c, verb) for c in verb.children):
            return None  # `"…." He said the economy…`: a new sentence of reported speech
    return Cue(d.doc[verb.i:verb.i + 1], speaker)


def opening_name(d: QuoteDoc, verb: Token, index: int) -> Token | None:
    """``"…" Smith, the head of the city council, tweeted``: the name that opens the words
    after the quote, set off by commas before the cue verb, whatever the parse made of it."""
    first = d.first_after(index)
    if first is None:
        return None
    name = name_around(d, first)
    if (name is None or name.start != first.i or name.end >= verb.i - 1
            or d.doc[name.end].text != ","):
        return None
    # the aside closes with a comma before the verb, or at least holds no cue of its own
    between = d.doc[name.end + 1:verb.i]
    if d.doc[verb.i - 1].text != "," and any(
            is_cue_verb(d, t) or t.text in SENTENCE_END for t in between):
        return None
    return name.root


def inverted_object(d: QuoteDoc, verb: Token, index: int) -> Token | None:
    """``"No," wrote a supporter``, ``"…," said the woman, who …``: right after the quote, a
    cue verb without a subject and the noun phrase right after it, whatever the parser made of
    it (its object, the subject of a clause that follows)."""
    first = d.first_after(index)
    if first is None or first.i != verb.i:
        return None
    for token in d.doc[verb.i + 1:verb.i + 1 + MAX_INVERTED_GAP]:
        if ((token.pos_ in ("NOUN", "PROPN") or token.lower_ == "one")  # "read one"
                and d.quote_of[token.i] == -1):
            while token.dep_ == "compound" and token.head.i > token.i:
                token = token.head
            return token
        if token.pos_ not in ("DET", "ADJ", "NUM"):
            return None
    return None


def subject_opens(d: QuoteDoc, verb: Token, index: int) -> bool:
    """``"…" Trump, the frontrunner in every poll since June, said``: a cue verb far from the
    quote whose subject is the first word after it."""
    if not is_cue_verb(d, verb):
        return False
    first = d.first_after(index)
    speaker = subject(d, verb)
    if first is not None and speaker is not None and speaker.left_edge.i <= first.i <= speaker.i:
        return True
    return opening_name(d, verb, index) is not None


def closes_with_colon(d: QuoteDoc, cue: Cue, index: int) -> bool:
    """Whether a colon right before the quote closes the cue verb's clause, adverbs at most
    between (`Y yelled: "…"`, `who responds enthusiastically: "…"`): the verb introduces the
    quote itself."""
    between = [t for t in d.doc[cue.span.root.i + 1:d.token_at(d.quotes[index].open_at)]
               if not t.is_space]
    return (bool(between) and between[-1].text == ":"
            and all(t.pos_ == "ADV" for t in between[:-1]))


def new_sentence_after(d: QuoteDoc, after: list[Token]) -> bool:
    """The words after the quote start a sentence (not with a cue verb: "…?" asked X)."""
    words = [t for t in after if not t.is_space]
    return (bool(words) and words[0].is_sent_start and words[0].text[:1].isupper()
            and not is_cue_verb(d, words[0]))


class CueQuestion:
    """What the cue sieves ask about one quote: its frames and the cue verbs around it, each
    computed once, when first asked. ``reports`` are the reports the rules found, which hold
    quoted words that have no cue of their own."""

    def __init__(self, d: QuoteDoc, index: int, quote_type: QuoteType,
                 reports: list[Report]) -> None:
        self.d = d
        self.index = index
        self.quote_type = quote_type
        self.reports = reports

    @cached_property
    def after(self) -> list[Token]:
        return self.d.after_frame(self.index)

    @cached_property
    def before(self) -> list[Token]:
        return self.d.before_frame(self.index)

    @cached_property
    def new_sentence_after(self) -> bool:
        return new_sentence_after(self.d, self.after)

    @cached_property
    def ends_sentence(self) -> bool:
        """``"… state." She noted …``: the quote closes with a full stop and a new sentence
        starts after it, so a cue there is about something else (not ``"…?" asked X``)."""
        quote = self.d.quotes[self.index]
        return (self.d.text[quote.start:quote.end].rstrip()[-1:] == "."
                and self.new_sentence_after)

    @cached_property
    def verb_after(self) -> Cue | None:
        """The first cue verb after the quote that can introduce it. Words quoted inside a
        sentence belong to its clause: a cue after them that does not govern them reports
        something else (`X conceded there are "some critics" who feel…`), unless its subject
        comes right after them (`The vote "was a first," Alder said`)."""
        d, index = self.d, self.index
        partial = self.quote_type is QuoteType.PARTIAL
        for offset, token in enumerate(self.after):
            if ((offset > MAX_AFTER_GAP and not subject_opens(d, token, index))
                    or self.ends_sentence or partial and not subject_opens(d, token, index)
                    ) and not d.governs_quote(token, index):
                continue
            cue = verb_cue(d, token, index, after=True)
            if cue is not None:
                return cue
        return None

    @cached_property
    def verbs_before(self) -> list[Cue]:
        """Cue verbs before the quote in its sentence, nearest first."""
        return [c for t in reversed(self.before)
                if (c := verb_cue(self.d, t, self.index, False))]

    @cached_property
    def governing_before(self) -> list[Cue]:
        """Those of ``verbs_before`` that the quote hangs under."""
        return [c for c in self.verbs_before if self.d.governs_quote(c.span.root, self.index)]

    @property
    def before_wins(self) -> bool:
        """A cue before the quote that governs it wins over one after it when the words after
        the quote start a new sentence (``Clinton responded: "Why?" Her critics cited it…``)."""
        return bool(self.governing_before) and self.new_sentence_after
