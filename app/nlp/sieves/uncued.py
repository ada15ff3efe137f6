"""Uncued stage: a quote no cue introduces takes its speaker from elsewhere, asked in order:
the quote it goes on from, the report just before it, the clause it hangs in or follows after a
comma, a quote nearby.
A quote none of them names has no speaker (and, when short, is a scare quote)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from spacy.tokens import Span, Token

from app.core import confidence
from app.core.results import QuoteType, ResolvedBy
from app.core.speaker_model import Decision
from app.nlp.cues import Cue
from app.nlp.document import QuoteDoc
from app.nlp.names import NamedEntity
from app.nlp.reported import is_report_verb
from app.nlp.sieves.base import Stage
from app.nlp.sieves.held import source_cue
from app.nlp.syntax import MAX_CLIMB, is_cue_verb, report_subject

if TYPE_CHECKING:
    from app.nlp.assemble import Found
    from app.nlp.speaker_question import Resolution


@dataclass(frozen=True)
class Source:
    """A speaker found without a cue: the mention and who it stands for, its confidence, the
    cue when a clause gave one, the group it joins (None: its own) and the rules behind it."""

    mention: Span
    entity: NamedEntity | None
    resolved_by: ResolvedBy
    confidence: float
    rules: tuple[str, ...]
    cue: Cue | None = None
    group_of: int | None = None
    alternatives: tuple[tuple[NamedEntity, float], ...] = ()
    decision: Decision | None = None


@dataclass(frozen=True)
class UncuedQuestion:
    """A quote with no cue, the last attributed quote before it, and how to resolve a head."""

    d: QuoteDoc
    index: int
    quote_type: QuoteType
    sentence: tuple[int, int]
    previous: Found | None
    max_scare_words: int
    resolve: Callable[[Token], tuple[Span, Resolution]]

    @property
    def long_enough(self) -> bool:
        """More words than a scare quote has."""
        return len(self.d.quote_words(self.index)) > self.max_scare_words


UncuedRule = Callable[[UncuedQuestion], Source | None]
UNCUED = Stage[UncuedRule]("uncued", "the speaker of a quote no cue introduces")


def _from_previous(q: UncuedQuestion, rule: str) -> Source:
    p = q.previous
    assert p is not None and p.mention is not None
    return Source(p.mention, p.entity, ResolvedBy.CONTINUATION,
                  confidence.from_elsewhere(p.confidence, rule),
                  tuple(dict.fromkeys((rule, *p.trace.cue, *p.trace.speaker))), None, p.group_of,
                  p.alternatives, p.decision)


def _resolved(q: UncuedQuestion, head: Token, rule: str, resolved_by: ResolvedBy | None = None,
              cue: Cue | None = None) -> Source:
    mention, found = q.resolve(head)
    return Source(mention, found.entity, resolved_by or found.resolved_by,
                  confidence.from_elsewhere(found.confidence, rule),
                  (rule, *found.rules), cue, alternatives=found.alternatives,
                  decision=found.decision)


@UNCUED.rule("continuation")
def continuation(q: UncuedQuestion) -> Source | None:
    """A quote with no cue goes on from the quote before it when it opens its sentence (or
    shares that quote's sentence) and only white space lies between: ``"A," he said. "B."``"""
    p = q.previous
    if p is None or p.mention is None:
        return None
    if q.sentence[0] < p.sentence[1]:
        return _from_previous(q, "continuation")
    if any(t.is_alpha for t in q.d.before_frame(q.index)):
        return None
    gap = q.d.text[p.sentence[1]:q.sentence[0]]
    if gap.strip() == "" and gap.count("\n") <= 2:
        return _from_previous(q, "continuation")
    return None


@UNCUED.rule("report_before")
def report_before(q: UncuedQuestion) -> Source | None:
    """``X says the deal is off. "…"``: a direct quote that opens its sentence goes on from
    the speech reported in the sentence right before it (same or previous paragraph): the
    report of that whole sentence (``X said that critics had predicted …`` → X)."""
    if q.quote_type is not QuoteType.DIRECT:
        return None
    head = _reporter_just_before(q.d, q.index)
    return _resolved(q, head, "report_before", ResolvedBy.CONTINUATION) if head else None


def _reporter_just_before(d: QuoteDoc, index: int) -> Token | None:
    open_i = d.token_at(d.quotes[index].open_at)
    if any(t.is_alpha for t in d.before_frame(index)) or open_i == 0:
        return None
    previous = d.doc[open_i - 1].sent
    while previous.start > 0 and all(t.is_space or t.is_punct for t in previous):
        previous = d.doc[previous.start - 1].sent
    gap = d.text[previous.end_char:d.quotes[index].open_at]
    if gap.strip() or gap.count("\n") > 2 or previous.start == open_i:
        return None
    verbs = [t for t in previous if d.quote_of[t.i] == -1
             and (is_cue_verb(d, t) or is_report_verb(t, d.lexicon))]
    # the report of the whole sentence first, not one inside it, then the next one down that
    # names who reports ("X seemed upset and noted that …")
    for verb in sorted(verbs, key=lambda t: sum(1 for _ in t.ancestors)):
        if any(c.dep_ == "neg" for c in verb.children):
            return None  # "He didn't suggest retaliation." reports nothing
        speaker = report_subject(d, verb)
        if speaker is not None:
            return speaker
    return None


@UNCUED.rule("clause_subject")
def clause_subject(q: UncuedQuestion) -> Source | None:
    """A longer quote goes to the subject of the clause it hangs in, when that can be a source
    (``Officials credited the recovery to "…"``), not a thing (``Good reporting wins only when
    "…"``): annotators give such words to that subject."""
    if not q.long_enough:
        return None
    for head in q.d.heads_above(q.index, MAX_CLIMB):
        if q.d.quote_of[head.i] == -1 and head.pos_ in ("VERB", "AUX"):
            cue = source_cue(q.d, q.index, head)
            return _resolved(q, cue.subject, "clause_subject", cue=cue) if cue else None
    return None


@UNCUED.rule("clause_before_comma")
def clause_before_comma(q: UncuedQuestion) -> Source | None:
    """A whole quotation after a comma that closes a clause with no cue verb goes to that
    clause's subject: ``Clinton shared her anxiety with an audience, "I do not know …"``."""
    if q.quote_type is not QuoteType.DIRECT or not q.long_enough:
        return None
    frame = [t for t in q.d.before_frame(q.index) if not t.is_space]
    if len(frame) < 3 or frame[-1].text != ",":
        return None
    inside = {t.i for t in frame}
    verbs = [t for t in frame
             if t.pos_ in ("VERB", "AUX") and (t.head.i not in inside or t.head == t)]
    if len(verbs) != 1:
        return None
    cue = source_cue(q.d, q.index, verbs[0])
    return _resolved(q, cue.subject, "clause_before_comma", cue=cue) if cue else None


@UNCUED.rule("nearby")
def nearby(q: UncuedQuestion) -> Source | None:
    """The last resort for a longer quote: the speaker of the last attributed quote, in the
    same or the previous paragraph (``"…," she says. Nobody asked more. "…"``)."""
    p = q.previous
    if (not q.long_enough or p is None or p.mention is None
            or q.d.text[p.quote.close_at:q.d.quotes[q.index].open_at].count("\n") > 2):
        return None
    return _from_previous(q, "nearby")
